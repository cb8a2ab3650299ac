package lan

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/mdns"
)

// Info describes a session to announce.
type Info struct {
	// Meta is the TXT record's content (see Meta.Check). Its ID should be
	// unique on the network: it tells two sessions of one title apart.
	Meta
	// Port is the session server's TCP port, 1 to 65535.
	Port int
	// Host is the machine's name; "" means os.Hostname(). Only letters,
	// digits and '-' are kept (see Zone).
	Host string
	// IPs are the addresses to announce; nil means every address of every
	// interface that is up, multicast-capable and not loopback (see
	// LocalIPs).
	IPs []net.IP
	// Logger receives hashicorp/mdns's messages; nil discards them.
	Logger *log.Logger
}

// Zone returns the mDNS records announcing info: the instance
// "<title>-<id>._tearline._tcp.local." (the title reduced to letters,
// digits and '-', at most 63 bytes in all, see InstanceName) on host
// "<host>-<id>.local." at info.Port with info.IPs and the TXT record from
// EncodeTXT. info.Host and info.IPs must be set (Zone does no look-up).
// The id in both names keeps two sessions apart even when they share a
// title or a machine: hashicorp/mdns's client merges answers by name.
func Zone(info Info) (*mdns.MDNSService, error) {
	txt, err := EncodeTXT(info.Meta)
	if err != nil {
		return nil, err
	}
	if info.Port < 1 || info.Port > 65535 {
		return nil, fmt.Errorf("lan: port %d, want 1 to 65535", info.Port)
	}
	if len(info.IPs) == 0 {
		return nil, fmt.Errorf("lan: no address to announce")
	}
	host := label(info.Host, 40) // 40 + "-" + 16-byte id stays within a 63-byte label
	if host == "" {
		host = "tearline"
	}
	return mdns.NewMDNSService(InstanceName(info.Title, info.ID), Service, Domain+".",
		host+"-"+info.ID+"."+Domain+".", info.Port, info.IPs, txt)
}

// InstanceName returns the DNS-SD instance label for a session: the title
// reduced to ASCII letters, digits and '-' (other runs of characters
// become one '-'), cut so that with "-" and id it fits a 63-byte DNS label,
// then "-" and id. The full title travels in the TXT record; the label
// avoids characters that hashicorp/mdns would not match after
// github.com/miekg/dns escapes them.
func InstanceName(title, id string) string {
	max := 63 - 1 - len(id) // a DNS label is at most 63 bytes (RFC 1035 §2.3.4)
	t := label(title, max)
	if t == "" {
		return "tearline-" + id
	}
	return t + "-" + id
}

// label keeps ASCII letters and digits of s, turns other runs into one
// '-', trims '-' at both ends and cuts the result to max bytes.
func label(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
		if b.Len() >= max {
			break
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
	}
	return strings.Trim(out, "-")
}

// LocalIPs returns the addresses in addrs (as net.InterfaceAddrs gives
// them for one interface) worth announcing: IPv4 addresses and global or
// unique-local IPv6 ones; loopback, unspecified, multicast and link-local
// addresses are left out (a link-local IPv6 address is useless without its
// zone, which a station cannot know).
func LocalIPs(addrs []net.Addr) []net.IP {
	var ips []net.IP
	for _, a := range addrs {
		var ip net.IP
		switch v := a.(type) {
		case *net.IPNet:
			ip = v.IP
		case *net.IPAddr:
			ip = v.IP
		default:
			continue
		}
		if ip.IsLoopback() || ip.IsUnspecified() || ip.IsMulticast() || ip.IsLinkLocalUnicast() {
			continue
		}
		if ip4 := ip.To4(); ip4 != nil {
			ip = ip4
		}
		ips = append(ips, ip)
	}
	return ips
}

// interfaceIPs is LocalIPs over every interface that is up, multicast-capable
// and not loopback.
func interfaceIPs() ([]net.IP, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var ips []net.IP
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagMulticast == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		ips = append(ips, LocalIPs(addrs)...)
	}
	return ips, nil
}

// Announce answers mDNS queries for info's session on the default multicast
// interface until stop is called or ctx is done (stop may be called more
// than once, from any goroutine). It fills info.Host and info.IPs when
// empty. An error (no multicast on this machine, port 5353 refused, no
// network address, a bad Info) leaves nothing running: the session goes on
// without being listed, and stations join by its address.
func Announce(ctx context.Context, info Info) (stop func(), err error) {
	if info.Host == "" {
		info.Host, _ = os.Hostname()
	}
	if len(info.IPs) == 0 {
		if info.IPs, err = interfaceIPs(); err != nil {
			return nil, fmt.Errorf("lan: announce: %w", err)
		}
	}
	zone, err := Zone(info)
	if err != nil {
		return nil, err
	}
	logger := info.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	srv, err := mdns.NewServer(&mdns.Config{Zone: zone, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("lan: announce: %w", err)
	}
	var once sync.Once
	done := make(chan struct{})
	stop = func() {
		once.Do(func() {
			close(done)
			_ = srv.Shutdown()
		})
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	return stop, nil
}
