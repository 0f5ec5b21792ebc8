package render_test

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// named is a renderer that writes its name, to tell renderers apart.
type named string

func (n named) Render(w io.Writer, _ *soup.List, _ *render.Options) error {
	_, err := io.WriteString(w, string(n))
	return err
}

func TestRegistry(t *testing.T) {
	var reg render.Registry // the zero value is ready to use
	if got := reg.Names(); len(got) != 0 {
		t.Errorf("zero Registry: Names = %q", got)
	}
	if _, ok := reg.Lookup("a"); ok {
		t.Error("zero Registry: Lookup found a renderer")
	}
	for _, n := range []string{"b", "a", "c"} {
		if err := reg.Register(n, named(n)); err != nil {
			t.Fatalf("Register(%q): %v", n, err)
		}
	}
	err := reg.Register("a", named("again"))
	if !errors.Is(err, render.ErrDuplicate) {
		t.Errorf("duplicate Register: err = %v, want ErrDuplicate", err)
	}
	if r, ok := reg.Lookup("a"); !ok || r != named("a") {
		t.Errorf("Lookup(a) = %v, %v; the duplicate must not replace the first", r, ok)
	}
	if err := reg.Register("", named("x")); err == nil {
		t.Error("Register with an empty name: no error")
	}
	if err := reg.Register("nil", nil); err == nil {
		t.Error("Register of a nil renderer: no error")
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, reg.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

func TestBuiltin(t *testing.T) {
	a, b := render.Builtin(), render.Builtin()
	want := []string{"csv", "html", "json", "markdown", "template"}
	if diff := cmp.Diff(want, a.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	for name, r := range map[string]render.Renderer{
		"markdown": render.Markdown{}, "html": render.HTML{}, "csv": render.CSV{}, "json": render.JSON{}, "template": render.Template{},
	} {
		if got, ok := a.Lookup(name); !ok || got != r {
			t.Errorf("Lookup(%q) = %#v, %v; want %#v", name, got, ok, r)
		}
	}
	// Each call returns a new registry: adding to one leaves the other.
	if err := a.Register("custom", named("custom")); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Lookup("custom"); ok {
		t.Error("a renderer registered in one Builtin registry is in another")
	}
	if err := a.Register("markdown", render.Markdown{NoHTML: true}); !errors.Is(err, render.ErrDuplicate) {
		t.Errorf("registering markdown again: err = %v, want ErrDuplicate", err)
	}
}

func TestRegistryConcurrent(t *testing.T) {
	reg := render.Builtin()
	var wg sync.WaitGroup
	errs := make(chan error, 8*8*3)
	for i := range 8 {
		wg.Go(func() {
			for j := range 8 {
				name := fmt.Sprintf("r%d-%d", i, j)
				if err := reg.Register(name, named(name)); err != nil {
					errs <- err
				}
				if _, ok := reg.Lookup(name); !ok {
					errs <- fmt.Errorf("%s not found after Register", name)
				}
				_ = reg.Names()
				if err := reg.Register("markdown", named("x")); !errors.Is(err, render.ErrDuplicate) {
					errs <- fmt.Errorf("duplicate markdown: %v", err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(reg.Names()); got != 5+64 {
		t.Errorf("%d names, want %d", got, 5+64)
	}
}
