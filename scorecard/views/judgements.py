"""The Planning Group's pages for recording and publishing judgements, narratives and Local
Accounts."""
