"""Output: text, JSON and GitHub formats, bars and tables; never reads file text as markup."""
