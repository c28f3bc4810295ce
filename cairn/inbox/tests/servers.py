"""Real mail servers for the inbox's tests: Debian's Dovecot as the IMAP server (over TLS,
with a self-signed certificate made here) and aiosmtpd as the SMTP sink.

``start_dovecot`` writes a throw-away configuration (one user, a Maildir, IMAPS on a free
port) under a temporary folder and runs ``dovecot -F``; ``SmtpSink`` keeps every e-mail
that arrives, as bytes. On a machine without Dovecot the IMAP tests skip with the command
that installs it; ``.ci/run`` installs it and sets ``CAIRN_REQUIRE_IMAP``, so a green CI run
means they ran.
"""

from __future__ import annotations

import datetime
import getpass
import ipaddress
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
NO_DOVECOT = "The IMAP tests need Debian's Dovecot: apt-get install -y dovecot-imapd"
REQUIRE_IMAP = os.environ.get("CAIRN_REQUIRE_IMAP", "").strip().lower() in {"1", "true", "yes"}
USER, PASSWORD = "questions@cooperative.example", "mot-de-passe-de-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass
class Dovecot:
    port: int
    ca_file: Path
    process: subprocess.Popen[bytes]
    log: Path

    def settings(self) -> dict[str, Any]:
        return {
            "CAIRN_INBOX_IMAP_HOST": "127.0.0.1",
            "CAIRN_INBOX_IMAP_PORT": self.port,
            "CAIRN_INBOX_IMAP_USER": USER,
            "CAIRN_INBOX_IMAP_PASSWORD": PASSWORD,
            "CAIRN_INBOX_IMAP_FOLDER": "INBOX",
            "CAIRN_INBOX_IMAP_CA_FILE": str(self.ca_file),
        }

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_dovecot(folder: Path) -> Dovecot:
    assert DOVECOT is not None
    folder.chmod(0o755)  # the login and mail processes run as other users when started by root
    cert, key = self_signed_certificate(folder)
    home = folder / "home"
    home.mkdir()
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    if os.getuid() == 0:  # Dovecot refuses root for mail: the mailbox belongs to nobody
        uid = gid = 65534
        os.chown(home, uid, gid)
        login_user, internal_user = "dovenull", "dovecot"
    else:
        uid, gid = os.getuid(), os.getgid()
        login_user = internal_user = getpass.getuser()
    port = free_port()
    config = folder / "dovecot.conf"
    config.write_text(
        f"""
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = cairn-test-{port}
log_path = {folder}/dovecot.log
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:{home}/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen([DOVECOT, "-c", str(config), "-F"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"Dovecot stopped: {(folder / 'dovecot.log').read_text(errors='replace') if (folder / 'dovecot.log').exists() else ''}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("Dovecot did not listen within 15 s")
    return Dovecot(port=port, ca_file=cert, process=process, log=folder / "dovecot.log")


@dataclass
class SmtpSink:
    """aiosmtpd on a free port; ``received`` holds each e-mail's bytes as it arrived."""

    port: int = field(default_factory=free_port)
    received: list[bytes] = field(default_factory=list)
    controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope.original_content or envelope.content)
        return "250 OK"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def mailers(self) -> dict[str, Any]:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 10},
            }
        }
