"""A real PostgreSQL server for the tests of the server backend.

Each test session (each xdist worker) starts its own server from Debian's
``postgresql`` binaries in a temporary folder, as an unprivileged user when the
tests run as root (PostgreSQL refuses to run as root), and stops it at the end.
Nothing outside that folder is touched: the server listens on a Unix socket in
it and on a free loopback TCP port, and ``make setup`` installs the package.

- Over the socket the server trusts its superuser (``annotator_admin``): that is
  how the fixtures create and drop databases and roles.
- Over TCP every role must give its password (SCRAM), so tests of libpq's
  credential sources (``PGPASSFILE``, ``PGPASSWORD``) meet a real check.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "annotator_admin"
UNPRIVILEGED = ("nobody", "nogroup")


def find_bindir() -> Path | None:
    """The folder of the newest installed server's binaries (``initdb``, ``pg_ctl``, ``postgres``)."""
    override = os.environ.get("ANNOTATOR_PG_BINDIR")
    candidates = [Path(override)] if override else []
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = sorted(
            (p for p in root.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True
        )
        candidates += [p / "bin" for p in versions]
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres", "psql")):
            return bindir
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> list[str]:
    """The prefix that runs a command as the unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    user, group = UNPRIVILEGED
    return ["setpriv", f"--reuid={user}", f"--regid={group}", "--clear-groups", "--"]


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    databases: list[str] = field(default_factory=list)
    # Tests run without fsync (fast); a benchmark of a real team's server keeps it.
    durable: bool = False

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def sockdir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    # -- life cycle ---------------------------------------------------------------------------

    def _run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [*_as_server_user(), *map(str, args)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.root)
        if check and done.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()} {tail}")
        return done

    def init(self) -> None:
        self.sockdir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, *UNPRIVILEGED)
            shutil.chown(self.sockdir, *UNPRIVILEGED)
        pwfile = self.root / "pw"
        pwfile.write_text("admin-secret\n")
        if os.geteuid() == 0:
            shutil.chown(pwfile, *UNPRIVILEGED)
        self._run(
            self.bindir / "initdb", "-D", self.datadir, "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
            "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}",
        )  # fmt: skip
        pwfile.unlink()

    def start(self) -> None:
        options = f"-k {self.sockdir} -p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            self.bindir / "pg_ctl",
            "-D",
            self.datadir,
            "-l",
            self.log,
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.datadir, "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        """Stop (dropping every connection) and start again, as a server restart does."""
        self.stop()
        self.start()

    # -- addresses ------------------------------------------------------------------------------

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A URL over the trusted Unix socket."""
        return f"postgresql://{quote(user)}@/{database}?host={self.sockdir}&port={self.port}"

    def tcp_url(self, database: str, user: str, password: str | None = None) -> str:
        """A URL over loopback TCP, where a password is checked; ``password`` None leaves it to libpq."""
        auth = quote(user) + (f":{quote(password)}" if password is not None else "")
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    # -- administration -------------------------------------------------------------------------

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` as the superuser with the server's own psql; return what it printed."""
        done = subprocess.run(
            [self.bindir / "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", str(self.sockdir), "-p", str(self.port), "-U", SUPERUSER, "-d", database, "-c", sql],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def create_database(self, prefix: str = "t") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.psql(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return name

    def drop_database(self, name: str) -> None:
        with contextlib.suppress(RuntimeError):
            self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextlib.contextmanager
    def commits_die(self, database: str) -> Iterator[None]:
        """Within the block every COMMIT that adds ``edits`` rows ends its own server process
        (a deferred trigger): the connection goes in the middle of the COMMIT, which aborts."""
        self.psql(
            "CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$; "
            "CREATE CONSTRAINT TRIGGER die AFTER INSERT ON edits DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION die()",
            database,
        )
        try:
            yield
        finally:
            self.psql("DROP TRIGGER die ON edits; DROP FUNCTION die()", database)

    @staticmethod
    def database_of(url: str) -> str:
        """The database a socket URL of this server names."""
        return url.split("@/", 1)[1].split("?", 1)[0]

    @contextlib.contextmanager
    def stopped_during_commit(self, database: str) -> Iterator[None]:
        """The server stops while the block's first COMMIT runs (a deferred trigger on new
        ``edits`` rows holds it there): nobody can tell whether it committed. The server
        is started again after the block; the trigger stays for the caller to drop."""
        import threading
        import time

        self.psql(
            "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$; "
            "CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON edits DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION slow()",
            database,
        )

        def stop_while_it_commits() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if (
                    self.psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'").strip()
                    != "0"
                ):
                    self.stop()
                    return
                time.sleep(0.02)

        stopper = threading.Thread(target=stop_while_it_commits)
        stopper.start()
        try:
            yield
        finally:
            stopper.join()

    def create_role(self, name: str, password: str | None = None, *, login: bool = True) -> None:
        """A role (idempotent within a session's server); roles are cluster-wide, so tests use unique names."""
        parts = ["LOGIN" if login else "NOLOGIN"]
        if password is not None:
            parts.append("PASSWORD '" + password.replace("'", "''") + "'")
        self.psql(f'CREATE ROLE "{name}" {" ".join(parts)}')


@contextlib.contextmanager
def running_server(*, durable: bool = False) -> Iterator[PgServer]:
    """Start a fresh server in a temporary folder; stop it and remove the folder after.

    ``durable``: with PostgreSQL's defaults (fsync, synchronous commit), as a real
    server runs, instead of the tests' fast settings."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    server = PgServer(bindir=bindir, root=root, port=_free_port(), durable=durable)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
