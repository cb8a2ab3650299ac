package lan

import (
	"errors"
	"net"
	"net/netip"
	"slices"
	"testing"

	"github.com/hashicorp/mdns"
	"github.com/miekg/dns"
)

var goodTXT = []string{"txtvers=1", "proto=1", "id=ab12", `title=\195\156bung`, "scenario=NATO cyber"}

func TestFromEntry(t *testing.T) {
	t.Parallel()
	name := "Ubung-ab12._tearline._tcp.local."
	for _, tt := range []struct {
		name  string
		entry *mdns.ServiceEntry
		want  Found
		err   error
	}{
		{"IPv4", &mdns.ServiceEntry{Name: name, Host: "alice-ab12.local.", AddrV4: net.IPv4(192, 168, 1, 20), Port: 8765, InfoFields: goodTXT},
			Found{Meta: Meta{Proto: 1, ID: "ab12", Title: "Übung", Scenario: "NATO cyber"}, Host: "alice-ab12",
				Addrs: []netip.Addr{netip.MustParseAddr("192.168.1.20")}, Port: 8765}, nil},
		{"IPv4 preferred over IPv6", &mdns.ServiceEntry{Name: name, Host: "h.local.", AddrV4: net.IPv4(10, 0, 0, 2),
			AddrV6IPAddr: &net.IPAddr{IP: net.ParseIP("fd00::2")}, Port: 1, InfoFields: goodTXT},
			Found{Meta: Meta{Proto: 1, ID: "ab12", Title: "Übung", Scenario: "NATO cyber"}, Host: "h",
				Addrs: []netip.Addr{netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("fd00::2")}, Port: 1}, nil},
		{"link-local IPv6 keeps its zone", &mdns.ServiceEntry{Name: name, Host: "h.local.",
			AddrV6IPAddr: &net.IPAddr{IP: net.ParseIP("fe80::1"), Zone: "eth0"}, Port: 65535, InfoFields: goodTXT},
			Found{Meta: Meta{Proto: 1, ID: "ab12", Title: "Übung", Scenario: "NATO cyber"}, Host: "h",
				Addrs: []netip.Addr{netip.MustParseAddr("fe80::1%eth0")}, Port: 65535}, nil},
		{"the service name in capitals", &mdns.ServiceEntry{Name: "X._TEARLINE._TCP.LOCAL.", AddrV4: net.IPv4(10, 0, 0, 2), Port: 9, InfoFields: goodTXT},
			Found{Meta: Meta{Proto: 1, ID: "ab12", Title: "Übung", Scenario: "NATO cyber"},
				Addrs: []netip.Addr{netip.MustParseAddr("10.0.0.2")}, Port: 9}, nil},
		{"nil", nil, Found{}, ErrNotSession},
		{"another service", &mdns.ServiceEntry{Name: "printer._ipp._tcp.local.", AddrV4: net.IPv4(10, 0, 0, 2), Port: 631, InfoFields: goodTXT}, Found{}, ErrNotSession},
		{"no port", &mdns.ServiceEntry{Name: name, AddrV4: net.IPv4(10, 0, 0, 2), InfoFields: goodTXT}, Found{}, ErrNotSession},
		{"port over 65535", &mdns.ServiceEntry{Name: name, AddrV4: net.IPv4(10, 0, 0, 2), Port: 65536, InfoFields: goodTXT}, Found{}, ErrNotSession},
		{"no address", &mdns.ServiceEntry{Name: name, Port: 80, InfoFields: goodTXT}, Found{}, ErrNotSession},
		{"unspecified and multicast", &mdns.ServiceEntry{Name: name, AddrV4: net.IPv4zero, AddrV6: net.ParseIP("ff02::fb"), Port: 80, InfoFields: goodTXT}, Found{}, ErrNotSession},
		{"link-local IPv6 without a zone", &mdns.ServiceEntry{Name: name, AddrV6: net.ParseIP("fe80::1"), Port: 80, InfoFields: goodTXT}, Found{}, ErrNotSession},
		{"bad TXT", &mdns.ServiceEntry{Name: name, AddrV4: net.IPv4(10, 0, 0, 2), Port: 80, InfoFields: []string{"txtvers=1"}}, Found{}, ErrTXT},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FromEntry(tt.entry)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("FromEntry = %+v, %v; want %v", got, err, tt.err)
				}
				return
			}
			if err != nil || !sameFound(got, tt.want) {
				t.Fatalf("FromEntry =\n %+v, %v\nwant\n %+v", got, err, tt.want)
			}
		})
	}
}

func sameFound(a, b Found) bool {
	return a.Meta == b.Meta && a.Host == b.Host && a.Port == b.Port && slices.Equal(a.Addrs, b.Addrs)
}

func TestAddr(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		addrs []string
		want  string
	}{
		{nil, ""},
		{[]string{"127.0.0.1", "fe80::1%eth0", "169.254.3.4", "2001:db8::1", "192.168.0.9"}, "192.168.0.9:8765"},
		{[]string{"127.0.0.1", "fe80::1%eth0", "169.254.3.4", "2001:db8::1"}, "[2001:db8::1]:8765"},
		{[]string{"127.0.0.1", "169.254.3.4", "fe80::1%eth0"}, "[fe80::1%eth0]:8765"},
		{[]string{"127.0.0.1", "169.254.3.4"}, "169.254.3.4:8765"},
		{[]string{"::1", "127.0.0.1"}, "[::1]:8765"}, // a stable sort: loopback ties keep their order
	} {
		var ips []netip.Addr
		for _, s := range tt.addrs {
			ips = append(ips, netip.MustParseAddr(s))
		}
		SortAddrs(ips)
		f := Found{Addrs: ips, Port: 8765}
		if got := f.Addr(); got != tt.want {
			t.Errorf("Addr over %v = %q, want %q", tt.addrs, got, tt.want)
		}
	}
}

func TestCompatible(t *testing.T) {
	t.Parallel()
	f := Found{Meta: Meta{Proto: 2}}
	for _, tt := range []struct {
		proto   int
		ok      bool
		problem string
	}{
		{2, true, ""},
		{1, false, "the host runs a newer Tearline (protocol 2, this station speaks 1): update this station"},
		{3, false, "the host runs an older Tearline (protocol 2, this station speaks 3): update the host"},
	} {
		if got := f.Compatible(tt.proto); got != tt.ok {
			t.Errorf("Compatible(%d) = %v", tt.proto, got)
		}
		if got := f.Problem(tt.proto); got != tt.problem {
			t.Errorf("Problem(%d) = %q, want %q", tt.proto, got, tt.problem)
		}
	}
}

func TestInstanceName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ title, id, want string }{
		{"NATO cyber: day 2", "ab12", "NATO-cyber-day-2-ab12"},
		{"Übung", "ab12", "bung-ab12"},
		{"...", "ab12", "tearline-ab12"},
		{"a.b\\c", "0123456789abcdef", "a-b-c-0123456789abcdef"},
	} {
		if got := InstanceName(tt.title, tt.id); got != tt.want {
			t.Errorf("InstanceName(%q, %q) = %q, want %q", tt.title, tt.id, got, tt.want)
		}
	}
	// The longest title still fits a DNS label (63 bytes, RFC 1035 §2.3.4).
	long := InstanceName(string(make([]byte, 0))+"x "+string(slices.Repeat([]byte("y"), 200)), "0123456789abcdef")
	if len(long) != 63 {
		t.Errorf("long InstanceName is %d bytes, want 63: %q", len(long), long)
	}
}

func TestLocalIPs(t *testing.T) {
	t.Parallel()
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	got := LocalIPs([]net.Addr{cidr("127.0.0.1/8"), cidr("192.168.1.20/24"), cidr("::1/128"), cidr("fe80::1/64"),
		cidr("2001:db8::5/64"), cidr("169.254.1.1/16"), &net.IPAddr{IP: net.ParseIP("10.1.2.3")}, &net.UDPAddr{}})
	want := []string{"192.168.1.20", "2001:db8::5", "10.1.2.3"}
	if len(got) != len(want) {
		t.Fatalf("LocalIPs = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("LocalIPs[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

// TestZoneAnswers checks what Announce would send, without a network: the
// zone's answer to a station's query for the service, packed into a DNS
// message and unpacked as a station receives it, read back by FromEntry.
func TestZoneAnswers(t *testing.T) {
	t.Parallel()
	info := Info{Meta: Meta{Proto: 4, ID: "k3v9", Title: "Übung: day \"2\"", Scenario: "NATO cyber"},
		Port: 8765, Host: "Alice's laptop", IPs: []net.IP{net.IPv4(192, 168, 1, 20), net.ParseIP("2001:db8::5")}}
	zone, err := Zone(info)
	if err != nil {
		t.Fatal(err)
	}
	rrs := zone.Records(dns.Question{Name: Service + "." + Domain + ".", Qtype: dns.TypePTR, Qclass: dns.ClassINET})
	msg := new(dns.Msg)
	msg.Response = true
	msg.Answer = rrs
	buf, err := msg.Pack()
	if err != nil {
		t.Fatal(err)
	}
	var back dns.Msg
	if err := back.Unpack(buf); err != nil {
		t.Fatal(err)
	}
	e := entryFrom(back.Answer)
	if e == nil {
		t.Fatalf("no complete entry in %v", back.Answer)
	}
	got, err := FromEntry(e)
	if err != nil {
		t.Fatal(err)
	}
	want := Found{Meta: info.Meta, Host: "Alice-s-laptop-k3v9", Port: 8765,
		Addrs: []netip.Addr{netip.MustParseAddr("192.168.1.20"), netip.MustParseAddr("2001:db8::5")}}
	if !sameFound(got, want) {
		t.Errorf("FromEntry =\n %+v\nwant\n %+v", got, want)
	}
	if e.Name != "bung-day-2-k3v9._tearline._tcp.local." {
		t.Errorf("instance %q", e.Name)
	}
	for _, rr := range back.Answer {
		if txt, ok := rr.(*dns.TXT); ok {
			for _, s := range txt.Txt {
				if len(s) > 0 && (s[:3] == "cod" || s[:3] == "tok") {
					t.Errorf("TXT carries %q", s) // never a session code or token
				}
			}
		}
	}
}

// entryFrom reads answers as hashicorp/mdns's client does (client.go,
// query): PTR names the instance, SRV gives host and port and aliases the
// host to the instance, TXT the fields, A/AAAA the addresses.
func entryFrom(rrs []dns.RR) *mdns.ServiceEntry {
	byName := map[string]*mdns.ServiceEntry{}
	get := func(n string) *mdns.ServiceEntry {
		if e, ok := byName[n]; ok {
			return e
		}
		e := &mdns.ServiceEntry{Name: n}
		byName[n] = e
		return e
	}
	var first *mdns.ServiceEntry
	for _, rr := range rrs {
		switch rr := rr.(type) {
		case *dns.PTR:
			first = get(rr.Ptr)
		case *dns.SRV:
			e := get(rr.Hdr.Name)
			byName[rr.Target] = e
			e.Host, e.Port = rr.Target, int(rr.Port)
		case *dns.TXT:
			get(rr.Hdr.Name).InfoFields = rr.Txt
		case *dns.A:
			get(rr.Hdr.Name).AddrV4 = rr.A
		case *dns.AAAA:
			get(rr.Hdr.Name).AddrV6IPAddr = &net.IPAddr{IP: rr.AAAA}
		}
	}
	return first
}

func TestZoneRefuses(t *testing.T) {
	t.Parallel()
	good := Info{Meta: Meta{Proto: 1, ID: "ab12", Title: "T"}, Port: 80, Host: "h", IPs: []net.IP{net.IPv4(10, 0, 0, 1)}}
	for _, tt := range []struct {
		name string
		edit func(*Info)
	}{
		{"no address", func(i *Info) { i.IPs = nil }},
		{"port 0", func(i *Info) { i.Port = 0 }},
		{"port 65536", func(i *Info) { i.Port = 65536 }},
		{"bad meta", func(i *Info) { i.ID = "" }},
	} {
		info := good
		tt.edit(&info)
		if z, err := Zone(info); err == nil {
			t.Errorf("%s: Zone = %+v, want an error", tt.name, z)
		}
	}
}
