// Command bench-go-client drives org.varlink.bench with the varlink/go reference client and prints
// one JSON object with the timed samples, so `npm run bench` can run it as a child process.
//
// varlink/go has no pipelining helper, but its generated Send() writes a call and returns the
// function that reads its reply, so several Send()s followed by the receives in order pipeline
// the calls on one connection; that is what the "pipeline" scenario does (a window of -depth).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/varlink/go/varlink"

	"varlinkbench/orgvarlinkbench"
)

type sample struct {
	Ops     int     `json:"ops"`
	Seconds float64 `json:"seconds"`
}

type result struct {
	Scenario string   `json:"scenario"`
	Count    int      `json:"count"`
	Depth    int      `json:"depth"`
	Size     int      `json:"size"`
	Samples  []sample `json:"samples"`
}

func ping(ctx context.Context, c *varlink.Connection, count int) error {
	for i := 0; i < count; i++ {
		pong, err := orgvarlinkbench.Ping().Call(ctx, c, "ping")
		if err != nil {
			return err
		}
		if pong != "ping" {
			return fmt.Errorf("Ping returned %q", pong)
		}
	}
	return nil
}

func pipeline(ctx context.Context, c *varlink.Connection, count int, depth int) error {
	type receiver = func(context.Context) (string, uint64, error)
	window := make([]receiver, 0, depth)
	sent, received := 0, 0
	for received < count {
		for sent < count && len(window) < depth {
			receive, err := orgvarlinkbench.Ping().Send(ctx, c, 0, "ping")
			if err != nil {
				return err
			}
			window = append(window, receive)
			sent++
		}
		pong, _, err := window[0](ctx)
		if err != nil {
			return err
		}
		if pong != "ping" {
			return fmt.Errorf("Ping returned %q", pong)
		}
		window = window[1:]
		received++
	}
	return nil
}

func stream(ctx context.Context, c *varlink.Connection, count int) error {
	receive, err := orgvarlinkbench.Stream().Send(ctx, c, varlink.More, int64(count))
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		value, flags, err := receive(ctx)
		if err != nil {
			return err
		}
		if value != int64(i) {
			return fmt.Errorf("Stream reply %d carried %d", i, value)
		}
		if flags&varlink.Continues == 0 {
			if i != count-1 {
				return fmt.Errorf("Stream ended after %d of %d replies", i+1, count)
			}
			return nil
		}
	}
}

func echo(ctx context.Context, c *varlink.Connection, count int, payload string) error {
	for i := 0; i < count; i++ {
		data, err := orgvarlinkbench.Echo().Call(ctx, c, payload)
		if err != nil {
			return err
		}
		if len(data) != len(payload) {
			return fmt.Errorf("Echo returned %d bytes, sent %d", len(data), len(payload))
		}
	}
	return nil
}

func run(ctx context.Context, c *varlink.Connection, scenario string, count int, depth int, payload string) error {
	switch scenario {
	case "ping":
		return ping(ctx, c, count)
	case "pipeline":
		return pipeline(ctx, c, count, depth)
	case "stream":
		return stream(ctx, c, count)
	case "echo":
		return echo(ctx, c, count, payload)
	}
	return fmt.Errorf("unknown scenario %q (ping, pipeline, stream, echo)", scenario)
}

func main() {
	address := flag.String("varlink", "", "address of an org.varlink.bench server")
	scenario := flag.String("scenario", "ping", "ping | pipeline | stream | echo")
	count := flag.Int("count", 10000, "calls (or stream replies) per sample")
	depth := flag.Int("depth", 16, "calls in flight for the pipeline scenario")
	size := flag.Int("size", 1024, "payload bytes for the echo scenario")
	reps := flag.Int("reps", 5, "timed samples")
	warmup := flag.Int("warmup", 1000, "untimed operations before the samples")
	flag.Parse()
	if *address == "" || *count < 1 || *depth < 1 || *reps < 1 || *warmup < 0 {
		fmt.Fprintln(os.Stderr, "usage: bench-go-client --varlink ADDRESS [--scenario S] [--count N] [--depth D] [--size BYTES] [--reps R] [--warmup W]")
		os.Exit(2)
	}
	ctx := context.Background()
	c, err := varlink.NewConnection(ctx, *address)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.Close()
	payload := strings.Repeat("x", *size)
	if *warmup > 0 {
		if err := run(ctx, c, *scenario, *warmup, *depth, payload); err != nil {
			fmt.Fprintln(os.Stderr, "warm-up:", err)
			os.Exit(1)
		}
	}
	out := result{Scenario: *scenario, Count: *count, Depth: *depth, Size: *size}
	for r := 0; r < *reps; r++ {
		start := time.Now()
		if err := run(ctx, c, *scenario, *count, *depth, payload); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out.Samples = append(out.Samples, sample{Ops: *count, Seconds: time.Since(start).Seconds()})
	}
	encoded, _ := json.Marshal(out)
	fmt.Println(string(encoded))
}
