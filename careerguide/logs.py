"""
Structured logs: one JSON object per line on stdout, for Django and gunicorn alike.

No Django import here: gunicorn's master loads this formatter before the application.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

# Set by `careerguide.middleware.RequestLogMiddleware` for the length of a request, so
# that every line logged while serving it names the request.
request_id = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

# gunicorn's access log passes its "atoms" as the record's arguments.
_ACCESS_ATOMS = {
    "method": "m",
    "path": "U",
    "status": "s",
    "duration_ms": "M",
    "request_id": "{x-request-id}o",
}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current:
            line["request_id"] = current
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            line.update(_access_fields(record.args))
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and isinstance(value, str | int | float | bool):
                line[key] = value
        if record.exc_info:
            line["error"] = repr(record.exc_info[1])
            line["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["traceback"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str)


def _access_fields(atoms):
    fields = {name: atoms[atom] for name, atom in _ACCESS_ATOMS.items() if atoms[atom] != "-"}
    for number in ("status", "duration_ms"):
        if str(fields.get(number, "")).isdigit():
            fields[number] = int(fields[number])
    return fields
