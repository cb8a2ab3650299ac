// Package lan announces a hosted Tearline session on the local network by
// multicast DNS (DNS-SD service type _tearline._tcp) and lists the sessions
// announced there, for the "Join a session" list of a station.
//
// Discovery is a convenience: a station can always join by typing the
// address the host's console shows, and Browse failing (no multicast on the
// network, a firewall, a guest Wi-Fi that isolates clients) must never stop
// a session. Nothing secret goes on the air: an announcement carries the
// session's title, its scenario's title, the protocol version, the port and
// a short public session id (Info.ID) — never the session code that a
// station must present to join.
//
// The announcement is a TXT record of key=value strings (see EncodeTXT and
// ParseTXT): txtvers (this format, 1), proto (the session protocol
// version), id, title and scenario. Strings are in the presentation form
// github.com/miekg/dns uses in its TXT records (`\DDD` for a byte outside
// printable ASCII, `\"` and `\\`), so UTF-8 titles survive the wire.
//
// The network calls (Announce, Browse) are thin shells over
// github.com/hashicorp/mdns; everything they decide is in pure functions
// (the zone, the TXT codec, Found from a *mdns.ServiceEntry, the choice of
// address) that the tests exercise without sending a packet.
package lan
