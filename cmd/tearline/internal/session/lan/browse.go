package lan

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/mdns"
)

// Browse timeouts: DefaultTimeout when 0 or less is asked, at most
// MaxTimeout.
const (
	DefaultTimeout = time.Second
	MaxTimeout     = 10 * time.Second
)

// Browse asks the local network (by IPv4 multicast) for Tearline sessions
// and returns those that answered within timeout (see DefaultTimeout,
// MaxTimeout), sorted by title then id, one per session. Answers that are
// not Tearline sessions or carry a bad TXT record are left out; a session
// speaking another protocol version is listed (see Found.Compatible). It
// returns early, with what it has, when ctx is done (the query itself then
// ends in the background at its timeout). An error means discovery is not
// available here (no multicast): the join address still works.
func Browse(ctx context.Context, timeout time.Duration) ([]Found, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	timeout = min(timeout, MaxTimeout)
	entries := make(chan *mdns.ServiceEntry, 64) // hashicorp/mdns drops an entry it cannot send at once
	var (
		mu    sync.Mutex
		found = map[string]Found{}
		wg    sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for e := range entries {
			f, err := FromEntry(e)
			if err != nil {
				continue
			}
			mu.Lock()
			found[e.Name] = f
			mu.Unlock()
		}
	}()
	params := &mdns.QueryParam{
		Service: Service,
		Domain:  Domain,
		Timeout: timeout,
		Entries: entries,
		// IPv4 multicast only: hashicorp/mdns gives up the whole query when
		// one family's send fails, as IPv6 does on many networks with no
		// IPv6 route. Answers still carry the hosts' IPv6 addresses.
		DisableIPv6: true,
		Logger:      log.New(io.Discard, "", 0),
	}
	// QueryContext returns only at its timeout, even once ctx is done, and
	// sends on entries until then: entries is closed after it returns, in
	// the background when ctx ends first.
	queried := make(chan error, 1)
	go func() {
		err := mdns.QueryContext(ctx, params)
		close(entries)
		wg.Wait()
		queried <- err
	}()
	var err error
	select {
	case err = <-queried:
	case <-ctx.Done():
	}
	mu.Lock()
	defer mu.Unlock()
	if err != nil && len(found) == 0 {
		return nil, fmt.Errorf("lan: browse: %w", err)
	}
	return sortFound(found), nil
}

// sortFound lists found by title, then id, then host.
func sortFound(found map[string]Found) []Found {
	out := make([]Found, 0, len(found))
	for _, f := range found {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Found) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Host, b.Host))
	})
	return out
}
