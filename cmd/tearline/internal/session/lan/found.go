package lan

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/mdns"
)

// Service is the DNS-SD service type of a Tearline session; Domain is the
// multicast DNS domain.
const (
	Service = "_tearline._tcp"
	Domain  = "local"
)

// serviceSuffix ends the full name of every instance of Service.
const serviceSuffix = "." + Service + "." + Domain + "."

// Found is a session seen on the local network.
type Found struct {
	// Meta is what the session's TXT record says (title, scenario, id,
	// protocol version).
	Meta
	// Host is the announcing machine's mDNS host name, without the
	// trailing ".local." (e.g. "alice-laptop-k3v9").
	Host string
	// Addrs are the host's announced addresses, the preferred one first
	// (see Addr).
	Addrs []netip.Addr
	// Port is the session server's TCP port, 1 to 65535.
	Port int
}

// Addr returns the address to join at, "IP:port" (an IPv6 address in
// brackets, with its zone if link-local), from the preferred address:
// a private or public IPv4 address first, then a global IPv6 one, then
// link-local ones, loopback last.
func (f Found) Addr() string {
	if len(f.Addrs) == 0 {
		return ""
	}
	return net.JoinHostPort(f.Addrs[0].String(), strconv.Itoa(f.Port))
}

// Compatible reports whether the session speaks protocol version proto
// (this station's); a session that does not is still listed, with
// Problem saying why it cannot be joined.
func (f Found) Compatible(proto int) bool { return f.Proto == proto }

// Problem returns why this station (speaking protocol proto) cannot join f,
// or "" if it can.
func (f Found) Problem(proto int) string {
	switch {
	case f.Proto == proto:
		return ""
	case f.Proto > proto:
		return fmt.Sprintf("the host runs a newer Tearline (protocol %d, this station speaks %d): update this station", f.Proto, proto)
	default:
		return fmt.Sprintf("the host runs an older Tearline (protocol %d, this station speaks %d): update the host", f.Proto, proto)
	}
}

// ErrNotSession is wrapped by FromEntry's error for an entry that is not a
// Tearline session (another service's answer, no port, no address).
var ErrNotSession = errors.New("lan: not a Tearline session")

// FromEntry reads a Found from an mDNS answer: it must name an instance of
// Service, have a port and a usable address (not unspecified or
// multicast), and a TXT record ParseTXT accepts (its error is returned,
// wrapping ErrTXT). Other entries (hashicorp/mdns reports any service's
// answers it overhears) get an error wrapping ErrNotSession.
func FromEntry(e *mdns.ServiceEntry) (Found, error) {
	if e == nil {
		return Found{}, fmt.Errorf("%w: no entry", ErrNotSession)
	}
	if !strings.HasSuffix(strings.ToLower(e.Name), serviceSuffix) {
		return Found{}, fmt.Errorf("%w: %q is another service", ErrNotSession, e.Name)
	}
	if e.Port < 1 || e.Port > 65535 {
		return Found{}, fmt.Errorf("%w: port %d", ErrNotSession, e.Port)
	}
	var ips []netip.Addr
	add := func(ip net.IP, zone string) {
		a, ok := netip.AddrFromSlice(ip)
		if !ok {
			return
		}
		a = a.Unmap()
		if !a.IsValid() || a.IsUnspecified() || a.IsMulticast() {
			return
		}
		if a.Is6() && (a.IsLinkLocalUnicast()) {
			if zone == "" {
				return // unusable without its interface
			}
			a = a.WithZone(zone)
		}
		if !slices.Contains(ips, a) {
			ips = append(ips, a)
		}
	}
	add(e.AddrV4, "")
	if e.AddrV6IPAddr != nil {
		add(e.AddrV6IPAddr.IP, e.AddrV6IPAddr.Zone)
	} else {
		add(e.AddrV6, "")
	}
	add(e.Addr, "")
	if len(ips) == 0 {
		return Found{}, fmt.Errorf("%w: no usable address", ErrNotSession)
	}
	SortAddrs(ips)
	m, err := ParseTXT(e.InfoFields)
	if err != nil {
		return Found{}, err
	}
	host := strings.TrimSuffix(strings.TrimSuffix(e.Host, "."), "."+Domain)
	return Found{Meta: m, Host: host, Addrs: ips, Port: e.Port}, nil
}

// SortAddrs orders addresses by preference for joining (see Found.Addr),
// stably.
func SortAddrs(ips []netip.Addr) {
	slices.SortStableFunc(ips, func(a, b netip.Addr) int { return cmp.Compare(addrRank(a), addrRank(b)) })
}

// addrRank is an address's rank for joining: lower is better.
func addrRank(a netip.Addr) int {
	switch {
	case a.IsLoopback():
		return 5
	case a.Is4() && a.IsLinkLocalUnicast():
		return 3
	case a.Is4():
		return 0
	case a.IsLinkLocalUnicast():
		return 2
	default: // global or unique-local IPv6
		return 1
	}
}
