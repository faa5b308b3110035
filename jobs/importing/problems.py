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


def line_message(line, reason, noun="line", feed_id=None):
    where = f"{noun} {line}" + (f" (id {shown(feed_id, 40)})" if feed_id else "")
    return f"{where}: {reason}"


def by_line(errors, noun="line", ids=None):
    """One message per bad line (or job of a board's document) from (position, reason)
    pairs, reasons joined, in file order; `ids` names a job's feed id beside its place."""
    reasons, ids = {}, ids or {}
    for line, reason in sorted(errors, key=lambda item: item[0]):
        reasons.setdefault(line, []).append(reason)
    return [
        line_message(line, "; ".join(texts), noun, ids.get(line)) for line, texts in reasons.items()
    ]
