"""Where notifiers may connect: the ``[outbound]`` allow-list, checked at start-up and at connect.

A webhook or SMTP target that anyone can write into the settings can reach
any internal host -- the cloud's metadata service, an admin console on a
link-local address.  So every outbound target must match the deployment's
allow-list::

    [outbound]
    allow = [
        "oapi.dingtalk.com",      # a host name, exactly
        "*.example.gov.cn",       # any host under a domain (not the domain itself)
        "政务.中国",               # a name as written: compared in its IDNA form
        "10.20.0.0/16",           # an IP network (or one address) for targets given by IP
    ]

A target given by name must match a name entry; one given by IP address
must lie in a network entry.  Names are compared in their ASCII (IDNA)
form, both sides encoded: an entry or a target written in Chinese matches
the same name written ``xn--...``.  Then, each time a connection is made, the
name is resolved and **every** address it resolves to is checked -- and the
connection goes to those checked addresses only, so a name that resolves
elsewhere between the check and the connection (DNS rebinding) gains
nothing.  Link-local addresses (169.254.0.0/16, fe80::/10), the cloud
metadata addresses (169.254.169.254, fd00:ec2::254, Alibaba Cloud's
100.100.100.200 ...) and the unspecified address are refused even behind an
allowed name unless a network entry lists them; metadata host names
(``metadata.google.internal`` ...) only match an exact entry, never a
wildcard.  A proxy taken from the environment is connected to like any
target, so it must be allowed too.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqmy_core.errors import OutboundRefused, PluginError, Problem

TABLE: Final = "outbound"
"""The settings key this module reads."""

KNOWN_KEYS: Final = ("allow",)
METADATA_NAMES: Final = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
    }
)
"""Cloud metadata services by name: matched only by an exact allow entry."""
METADATA_ADDRESSES: Final = tuple(
    ipaddress.ip_network(a)
    for a in (
        "169.254.169.254/32",  # AWS, GCP, Azure, OpenStack ...
        "169.254.170.2/32",  # AWS ECS task metadata
        "fd00:ec2::254/128",  # AWS over IPv6
        "100.100.100.200/32",  # Alibaba Cloud
    )
)
SPECIAL_NETWORKS: Final = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("0.0.0.0/32"),
    ipaddress.ip_network("::/128"),
    *METADATA_ADDRESSES,
)
"""Only an allow entry inside one of these lists a special address ("0.0.0.0/0" does not)."""
_NAME: Final = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., Sequence[tuple[Any, ...]]]


def _canonical(host: str) -> str:
    return host.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")


def _ascii(name: str) -> str | None:
    """A canonical host name in its ASCII (IDNA) form, as DNS and the allow-list compare it;
    None when it cannot be one (an empty or too long label).

    Python's ``idna`` codec (IDNA 2003, with nameprep): ``例子.中国`` and
    ``xn--fsqu00a.xn--fiqs8s`` are the same host, the ideographic full stop
    (``。``) separates labels like ``.``, and an ASCII name is unchanged.
    """
    wildcard = name.startswith("*.")
    try:
        encoded = name.removeprefix("*.").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return "*." + encoded if wildcard else encoded


def _ip(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _unmapped(address: Address) -> Address:
    """An IPv4-mapped IPv6 address (``::ffff:169.254.169.254``) as the IPv4 address it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _within_special(net: Network) -> bool:
    return any(net.version == s.version and net.subnet_of(s) for s in SPECIAL_NETWORKS)  # type: ignore[arg-type]


def _special(address: Address) -> bool:
    """Refused unless an entry inside :data:`SPECIAL_NETWORKS` lists it."""
    address = _unmapped(address)
    return (
        address.is_link_local
        or address.is_unspecified
        or any(address in net for net in METADATA_ADDRESSES)
    )


@dataclass(frozen=True)
class OutboundPolicy:
    """A checked ``[outbound]`` table; ``resolve`` is :func:`socket.getaddrinfo` (tests pass theirs)."""

    names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    networks: tuple[Network, ...] = ()
    resolve: Resolver = field(default=socket.getaddrinfo, repr=False, compare=False)

    def host_problem(self, host: str, path: str) -> Problem | None:
        """Why ``host`` may not be a target (checked at start-up, without resolving), or None."""
        name = _canonical(host)
        ip = _ip(name)
        ascii_name = _ascii(name)
        if ip is not None:
            allowed = self._listed(_unmapped(ip))
        elif ascii_name is None:
            allowed = False
        elif ascii_name in METADATA_NAMES:
            allowed = ascii_name in self.names
        else:
            allowed = ascii_name in self.names or any(
                ascii_name.endswith(s) for s in self.suffixes
            )
        return None if allowed else Problem(path, "outbound_not_allowed", {"host": name})

    @staticmethod
    def ascii_host(host: str) -> str:
        """``host`` as a connection names it: a name in its IDNA form (``例子.中国`` ->
        ``xn--fsqu00a.xn--fiqs8s``, for a ``Host`` header or a URL), anything else as given."""
        name = _canonical(host)
        if name.isascii() or _ip(name) is not None:
            return host
        return _ascii(name) or host

    def addresses(self, host: str, port: int) -> list[str]:
        """Every address ``host`` resolves to, each checked; raises :class:`OutboundRefused`."""
        problem = self.host_problem(host, "")
        if problem is not None:
            raise OutboundRefused([problem])
        name = _canonical(host)
        try:
            found = self.resolve(_ascii(name) or name, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise OutboundRefused(
                [Problem("", "outbound_unresolved", {"host": name, "reason": str(exc)})]
            ) from None
        out: list[str] = []
        for entry in found:
            text = str(entry[4][0]).split("%", 1)[0]  # an IPv6 scope id is not part of it
            address = ipaddress.ip_address(text)
            if _special(address) and not self._listed(_unmapped(address)):
                raise OutboundRefused(
                    [Problem("", "outbound_special", {"host": name, "address": text})]
                )
            if text not in out:
                out.append(text)
        if not out:
            raise OutboundRefused([Problem("", "outbound_unresolved", {"host": name, "reason": "-"})])
        return out

    def create_connection(
        self,
        address: tuple[str, int],
        timeout: float | None = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """:func:`socket.create_connection` to checked addresses only (for http.client, smtplib)."""
        host, port = address
        last: OSError | None = None
        for ip in self.addresses(host, port):
            try:
                return socket.create_connection((ip, port), timeout, source_address)
            except OSError as exc:
                last = exc
        assert last is not None  # addresses() returns at least one
        raise last

    def _listed(self, address: Address) -> bool:
        """In a network entry; a special address only in an entry that lists special ones."""
        special = _special(address)
        return any(
            address in net and (not special or _within_special(net)) for net in self.networks
        )


def outbound_policy(settings: Mapping[str, Any], resolve: Resolver | None = None) -> OutboundPolicy:
    """The ``[outbound]`` table of the settings (an empty allow-list when there is none).

    Raises :class:`PluginError` listing every malformed entry by its key path.
    """
    table = settings.get(TABLE, {})
    problems: list[Problem] = []
    if not isinstance(table, Mapping):
        raise PluginError([Problem(TABLE, "outbound_not_table")])
    for key in table:
        if key not in KNOWN_KEYS:
            problems.append(
                Problem(f"{TABLE}.{key}", "outbound_unknown_key", {"known": ", ".join(KNOWN_KEYS)})
            )
    entries = table.get("allow", [])
    if not isinstance(entries, list):
        problems.append(Problem(f"{TABLE}.allow", "outbound_not_list"))
        entries = []
    names: set[str] = set()
    suffixes: list[str] = []
    networks: list[Network] = []
    for i, entry in enumerate(entries):
        path = f"{TABLE}.allow[{i}]"
        text = _canonical(entry) if isinstance(entry, str) else ""
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
            continue
        except ValueError:
            pass
        text = _ascii(text) or ""
        if not text or not _NAME.match(text):
            problems.append(Problem(path, "outbound_bad_entry", {"found": repr(entry)[:80]}))
        elif text.startswith("*."):
            suffixes.append(text[1:])
        else:
            names.add(text)
    if problems:
        raise PluginError(problems)
    return OutboundPolicy(
        frozenset(names), tuple(suffixes), tuple(networks), resolve or socket.getaddrinfo
    )
