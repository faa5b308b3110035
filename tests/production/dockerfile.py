"""
Read a Dockerfile and replay its build steps on this machine, so that a test can prove the
image would build and start without a Docker engine.

The replay runs every RUN, COPY, WORKDIR and ENV in order, with the image's absolute paths
moved under a scratch directory. Steps that only make sense as root inside an image (adding
the system user, USER) are skipped; the base image is this machine's Python.
"""

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SYSTEM_ONLY = ("useradd ", "groupadd ", "adduser ", "addgroup ")


@dataclass
class Instruction:
    keyword: str
    arguments: str
    line: int

    def exec_form(self):
        """The JSON array form (["a", "b"]) of CMD, ENTRYPOINT and HEALTHCHECK CMD."""
        text = self.arguments
        if self.keyword == "HEALTHCHECK":
            text = text[text.index("CMD") + 3 :]
        return json.loads(text)

    def options(self):
        return dict(re.findall(r"--([a-z-]+)=(\S+)", self.arguments))


def parse(path):
    """The instructions of a Dockerfile: continuations joined, comments dropped."""
    instructions, pending, start = [], "", 0
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = (pending + line).strip()
        pending = ""
        keyword, _, arguments = text.partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip(), start))
    return instructions


def stages(instructions):
    """Instructions grouped by FROM: [(name or None, [instructions])]."""
    grouped = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            words = instruction.arguments.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            grouped.append((name, [instruction]))
        elif grouped:
            grouped[-1][1].append(instruction)
    return grouped


def env_pairs(arguments):
    """ENV key=value pairs (quotes allowed; the old `ENV key value` form too)."""
    words = shlex.split(arguments)
    if words and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}
    return dict(word.split("=", 1) for word in words)


def dockerignore_allows(patterns, relative):
    """Docker's rule: the last pattern matching the path, or a parent of it, decides."""
    parts = Path(relative).parts
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    allowed = True
    for pattern in patterns:
        exclude = not pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        forms = [pattern] + ([pattern[3:]] if pattern.startswith("**/") else [])
        if any(fnmatch.fnmatchcase(path, form) for path in candidates for form in forms):
            allowed = not exclude
    return allowed


def read_dockerignore(path):
    if not Path(path).exists():
        return []
    lines = Path(path).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass
class Replay:
    """The build replayed under `root`: /app becomes root/app, /opt/venv root/opt/venv..."""

    context: Path
    root: Path
    python: str
    log: list

    def __post_init__(self):
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "GUNICORN_", "VIRTUAL_ENV"))
        }
        # The base image's `python` is this machine's: first on PATH, alone.
        base = self.root / "base-image-bin"
        base.mkdir(parents=True, exist_ok=True)
        for name in ("python", "python3"):
            (base / name).unlink(missing_ok=True)
            (base / name).symlink_to(self.python)
        self.env["PATH"] = f"{base}:/usr/bin:/bin"
        self.workdir = self.root
        self.ignore = read_dockerignore(self.context / ".dockerignore")
        self.skipped = []

    def path(self, image_path):
        """Where a path of the image lives in the replay."""
        return (
            self.root / image_path.lstrip("/")
            if image_path.startswith("/")
            else (self.workdir / image_path)
        )

    def rewrite(self, text):
        """Absolute image paths in a command or a value, moved under root."""
        return re.sub(r"(?<![\w.$/-])/(opt|app|src)\b", f"{self.root}/\\1", text)

    def run(self, instructions):
        for instruction in instructions:
            handler = getattr(self, f"do_{instruction.keyword.lower()}", None)
            if handler is None:
                self.skipped.append(instruction)
            else:
                handler(instruction)

    def do_from(self, instruction):
        self.workdir = self.root

    def do_workdir(self, instruction):
        self.workdir = self.path(instruction.arguments)
        self.workdir.mkdir(parents=True, exist_ok=True)

    def do_env(self, instruction):
        for key, value in env_pairs(instruction.arguments).items():
            value = self.rewrite(value)
            self.env[key] = re.sub(
                r"\$\{?(\w+)\}?", lambda match: self.env.get(match[1], ""), value
            )

    def do_copy(self, instruction):
        words = [word for word in shlex.split(instruction.arguments) if not word.startswith("--")]
        *sources, destination = words
        if "from" in instruction.options():
            # Every stage shares the replay's root: the path is already in place.
            assert all(self.path(source) == self.path(destination) for source in sources)
            return
        target = self.path(destination)
        for source in sources:
            origin = self.context / source
            assert origin.exists(), f"line {instruction.line}: COPY {source}: not in the context"
            if origin.is_dir():
                self._copy_tree(origin, target)
            else:
                relative = origin.relative_to(self.context)
                assert dockerignore_allows(self.ignore, relative), (
                    f"line {instruction.line}: {source} is excluded by .dockerignore"
                )
                into = target / origin.name if destination.endswith("/") else target
                into.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, into)

    def _copy_tree(self, origin, target):
        copied = 0
        for file in sorted(origin.rglob("*")):
            relative = file.relative_to(self.context)
            if file.is_dir() or not dockerignore_allows(self.ignore, relative):
                continue
            into = target / file.relative_to(origin)
            into.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, into)
            copied += 1
        assert copied, f"COPY {origin.name}: .dockerignore leaves nothing of it"

    def do_run(self, instruction):
        command = instruction.arguments
        if command.startswith(SYSTEM_ONLY):
            self.skipped.append(instruction)
            return
        result = subprocess.run(
            ["/bin/sh", "-c", self.rewrite(command)],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.log.append((instruction.line, command, result.returncode))
        assert result.returncode == 0, (
            f"line {instruction.line}: RUN {command}\n{result.stdout}\n{result.stderr}"
        )
