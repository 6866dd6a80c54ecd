from django.db import migrations, models

SUPPORT_TIERS = [
    ("support", "Support (Self Help)"),
    ("targeted", "Targeted Support"),
    ("intervention", "Intervention"),
]


class Migration(migrations.Migration):
    """Table 1's tiers are the model Table1Tier, keyed by the SupportTier choices; the rows, and
    every engagement and offer pointing at them, are kept."""

    dependencies = [
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Tier", new_name="Table1Tier"),
        migrations.RenameModel(old_name="HistoricalTier", new_name="HistoricalTable1Tier"),
        migrations.AlterModelOptions(
            name="table1tier",
            options={"ordering": ["order"], "verbose_name": "Table 1 tier"},
        ),
        migrations.AlterModelOptions(
            name="historicaltable1tier",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical Table 1 tier",
                "verbose_name_plural": "historical Table 1 tiers",
            },
        ),
        migrations.AlterField(
            model_name="table1tier",
            name="key",
            field=models.SlugField(choices=SUPPORT_TIERS, max_length=30, unique=True),
        ),
        migrations.AlterField(
            model_name="historicaltable1tier",
            name="key",
            field=models.SlugField(choices=SUPPORT_TIERS, max_length=30),
        ),
    ]
