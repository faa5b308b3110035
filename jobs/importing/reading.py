"""
Reading an export a row at a time: JSON Lines (one object a line) or CSV (a header row,
then one row a posting), decoded as UTF-8, whatever its size; or a job board's document
a job at a time (`formats`: Greenhouse, Lever, Ashby, schema.org JSON-LD).
"""

import csv
import json
import os

from .formats import READERS
from .problems import BadFile

OWN_FORMATS = ("jsonl", "csv")
FEED_FORMATS = tuple(READERS)
FORMATS = OWN_FORMATS + FEED_FORMATS
EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
    ".jsonld": "jsonld", ".html": "jsonld", ".htm": "jsonld",
}  # fmt: skip
# What a position in a file is called in "N: reason".
NOUNS = {"jsonl": "line", "csv": "line"}
MAX_TEXT = 100_000  # characters in one field, descriptions included
# Bytes in one line of the file: room for every field at its longest, and no more, so that
# one endless line cannot fill the memory before it is found bad.
MAX_LINE_BYTES = 8 * 1024 * 1024
TOO_LONG = object()

# The columns a CSV header must have, in the order the README lists them.
REQUIRED = (
    "external_id", "role", "title", "company", "description", "seniority", "posted_at",
    "apply_url",
)  # fmt: skip


def guess_format(path):
    extension = os.path.splitext(str(path))[1].lower()
    if extension not in EXTENSIONS:
        raise BadFile(
            [f"cannot tell the format of {path}: pass --format, one of {', '.join(FORMATS)}"]
        )
    return EXTENSIONS[extension]


def _lines(path, progress, description):
    """(line number, text) for each line, decoded as UTF-8, progress counted in bytes."""
    bar = progress(os.path.getsize(path), description) if progress else None
    try:
        with open(path, "rb") as raw:
            number = 0
            while data := raw.readline(MAX_LINE_BYTES + 1):
                number += 1
                if bar:
                    bar.update(len(data))
                if len(data) > MAX_LINE_BYTES and not data.endswith(b"\n"):
                    while (rest := raw.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                        if bar:
                            bar.update(len(rest))
                    if bar:
                        bar.update(len(rest))
                    yield number, TOO_LONG
                    continue
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    yield number, None
                    continue
                yield number, text.removeprefix("\ufeff") if number == 1 else text
    finally:
        if bar:
            bar.close()


def noun(file_format):
    return NOUNS.get(file_format, "job")


def records(path, file_format, progress=None, description="Checking", *, company=""):
    """(position, record or None, problem or None) for each row of the file: its line
    number, or for a board's document the job's place in it (a record may then be
    `formats.UNLISTED`)."""
    if file_format in READERS:
        bar = progress(os.path.getsize(path), description) if progress else None
        try:
            yield from READERS[file_format](path, company=company, bar=bar)
        finally:
            if bar:
                bar.close()
        return
    lines = _lines(path, progress, description)
    if file_format == "jsonl":
        yield from _jsonl_records(lines)
    else:
        yield from _csv_records(lines)


def _jsonl_records(lines):
    for number, text in lines:
        if text is TOO_LONG:
            yield number, None, f"longer than {MAX_LINE_BYTES:,} bytes"
        elif text is None:
            yield number, None, "not UTF-8 text"
        elif text.strip():
            try:
                record = json.loads(text)
            except ValueError as error:
                yield number, None, f"not valid JSON ({getattr(error, 'msg', error)})"
                continue
            except RecursionError:
                yield number, None, "not valid JSON (nested too deeply)"
                continue
            if isinstance(record, dict):
                yield number, record, None
            else:
                yield number, None, "not a JSON object"


def _csv_records(lines):
    unreadable = {}  # line number: why it cannot be read

    def texts():
        for number, text in lines:
            if text is None or text is TOO_LONG:
                unreadable[number] = (
                    "not UTF-8 text" if text is None else f"longer than {MAX_LINE_BYTES:,} bytes"
                )
                text = "\n"
            yield text

    csv.field_size_limit(MAX_TEXT * 4)  # characters of up to 4 bytes each
    reader = csv.reader(texts(), strict=True)
    header, last_line = None, 0
    while True:
        start = last_line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            last_line = reader.line_num
            yield start, None, f"not valid CSV ({error})"
            continue
        last_line = reader.line_num
        reasons = [unreadable[n] for n in range(start, last_line + 1) if n in unreadable]
        if reasons:
            yield start, None, reasons[0]
            continue
        if header is None:
            header = [name.strip().lower() for name in values]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                yield start, None, f"header lacks required column(s): {', '.join(missing)}"
                return
            continue
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield start, None, f"has {len(values)} fields where the header has {len(header)}"
            continue
        yield start, dict(zip(header, values, strict=True)), None
