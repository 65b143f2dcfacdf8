"""Result spreadsheets built in the background and kept in the database until their board
changes: requested from a page, the API, the CLI or a scheduled job, downloaded from any
app host."""
