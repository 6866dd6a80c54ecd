"""Benchmark: the full region's Regional Account, assembled and rendered to PDF.

A throwaway database with the 24 real NW councils and the return's measures; for 2023/24 Q4 and
the same quarter a year earlier: stored comparators, TEASC summaries, published judgements in all
six domains with public commentary, CIPFA nearest-neighbour positions, narratives and Local
Accounts (tests/reports/regional_data.py, written with bulk_create rather than recomputed).

``regional_account_s`` is the wall time of ``reports.services.account_render`` (reads in one
snapshot, template, WeasyPrint layout and PDF writing), ``regional_account_pages`` its page count.
``regional_account_peak_mb`` is the process's peak resident set size from
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (kilobytes on Linux) after the render: it includes
Python, Django and the database setup, so it is an upper bound on the render's own memory.
``regional_account_ratio_to_weasyprint`` divides that time by the time WeasyPrint takes to lay
out and write the same finished HTML alone (``sli_portal.pdf.html_to_pdf``), in the same run.
Targets: under 15 s, under 500 MB and a ratio of 1.2 or less. Run: ``DEBUG=true .venv/bin/python bench/regional_account.py``.
"""

import resource
import time

from _benchdb import load_reference_data, throwaway_database


def main() -> None:
    with throwaway_database("sli_bench_regional_account"):
        from django.utils import timezone

        from accounts.models import Membership, Role, User
        from reports.assembly import account_assemble, scope_resolve
        from reports.services import TEMPLATE, account_render
        from sli_portal.pdf import html_to_pdf, render_pdf_html
        from tests.reports.regional_data import regional_data_fill

        load_reference_data()
        planner = User.objects.create_user(
            username="p", email="p@example.org", password="x-bench-password"
        )
        Membership.objects.create(user=planner, role=Role.PLANNING_GROUP)
        data = regional_data_fill(by=planner)
        scope = scope_resolve(year=data.period.year)
        generated_at = timezone.localtime()

        start = time.perf_counter()
        rendered = account_render(scope=scope, version_number=1, generated_at=generated_at)
        total = time.perf_counter() - start

        html = render_pdf_html(
            TEMPLATE,
            {
                "account": account_assemble(scope=scope),
                "version_number": 1,
                "generated_at": generated_at,
            },
            title=scope.title,
            author="North West ADASS",
        )
        start = time.perf_counter()
        _content, pages = html_to_pdf(html)
        weasyprint_alone = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        # The document was really built: a PDF of the whole region, the same length both times.
        assert rendered.content.startswith(b"%PDF-"), rendered.content[:8]
        assert rendered.pages >= len(data.councils), rendered.pages
        assert pages == rendered.pages, (pages, rendered.pages)
        print(f"regional_account_s: {total:.2f}")
        print(f"regional_account_pages: {rendered.pages}")
        print(f"regional_account_peak_mb: {peak_mb:.0f}")
        print(f"regional_account_ratio_to_weasyprint: {total / weasyprint_alone:.2f}")


if __name__ == "__main__":
    main()
