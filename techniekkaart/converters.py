"""URL converters for the codes the site hands out, so nothing else reaches a query (a NUL byte
in a path would be a database error on PostgreSQL; anything else is simply not found)."""


class CodeConverter:
    """Result codes, class codes and teacher tokens: letters, digits, - and _ only."""

    regex = "[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
