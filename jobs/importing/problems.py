"""How the importer names what is wrong: one message per bad line, values shown short."""


class BadFile(Exception):
    """The file cannot be loaded; `errors` name every bad row ("line N: reason")."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) found; nothing was written.")


def shown(value, limit=60):
    """A value quoted for a message, cut to `limit` characters."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def line_message(line, reason):
    return f"line {line}: {reason}"


def by_line(errors):
    """One message per bad line from (line, reason) pairs, reasons joined, in line order."""
    reasons = {}
    for line, reason in sorted(errors, key=lambda item: item[0]):
        reasons.setdefault(line, []).append(reason)
    return [line_message(line, "; ".join(texts)) for line, texts in reasons.items()]
