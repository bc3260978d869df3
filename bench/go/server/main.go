// Command bench-go-server serves org.varlink.bench with the varlink/go reference implementation,
// the Go baseline for `npm run bench`. It prints "READY <address>" once it accepts connections.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/varlink/go/varlink"

	"varlinkbench/orgvarlinkbench"
)

// benchService implements the generated orgvarlinkbench interface.
type benchService struct {
	orgvarlinkbench.VarlinkInterface
}

func (s *benchService) Ping(ctx context.Context, c orgvarlinkbench.VarlinkCall, ping string) error {
	return c.ReplyPing(ctx, ping)
}

func (s *benchService) Stream(ctx context.Context, c orgvarlinkbench.VarlinkCall, n int64) error {
	if !c.WantsMore() {
		// varlink/go refuses to send org.varlink.service errors from user code, except these helpers.
		return c.ReplyInvalidParameter(ctx, "more")
	}
	for i := int64(0); i < n; i++ {
		c.Continues = i < n-1
		if err := c.ReplyStream(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

func (s *benchService) Echo(ctx context.Context, c orgvarlinkbench.VarlinkCall, data string) error {
	return c.ReplyEcho(ctx, data)
}

func main() {
	address := flag.String("varlink", "", "address to listen on, e.g. unix:/tmp/bench.sock")
	flag.Parse()
	if *address == "" {
		fmt.Fprintln(os.Stderr, "usage: bench-go-server --varlink ADDRESS")
		os.Exit(2)
	}
	service, err := varlink.NewService("varlink-codegen", "bench-go-server", "1", "https://varlink.org")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	impl := &benchService{}
	if err := service.RegisterInterface(orgvarlinkbench.VarlinkNew(impl)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	if err := service.Bind(ctx, *address); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("READY %s\n", *address)
	if err := service.DoListen(ctx, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
