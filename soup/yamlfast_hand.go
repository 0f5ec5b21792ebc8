package soup

import (
	"encoding"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/internal/yamlcheck"
)

// readHandItem reads text, "items:\n" and the text of one item kept by
// hand, as parseYAMLLibrary reads it, from one parse instead of two: the
// tree yamlcheck checks (repeated keys, the keys of a mapping) is decoded
// as it is, once every key of a struct is known to be a field of it (the
// strict decoder's test). It reports false when the text is not one item,
// holds an error, a key it does not know, an alias or a merge key; the
// caller then reads the text through the library.
func readHandItem(text []byte) (Item, bool) {
	doc, err := yamlcheck.Parse(text, &yamlcheck.Options{MaxKeys: maxMappingKeys})
	if err != nil || len(doc.Content) != 1 {
		return Item{}, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 || root.Content[0].Value != "items" ||
		root.Content[1].Kind != yaml.SequenceNode || len(root.Content[1].Content) != 1 {
		return Item{}, false
	}
	n := root.Content[1].Content[0]
	if n.Kind != yaml.MappingNode {
		return Item{}, false // null, or a type error the library words
	}
	var it Item
	if !knownKeys(n, reflect.TypeFor[Item]()) || n.Decode(&it) != nil {
		return Item{}, false
	}
	return it, true
}

var (
	yamlUnmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// knownKeys reports whether every key of a mapping that n decodes into a
// struct of type t names a field of it, in n and the nodes in it, and n
// holds no alias or merge key (which it leaves to the library), nor
// anything but a scalar where a type reads itself.
func knownKeys(n *yaml.Node, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.AliasNode:
		return false
	case reflect.PointerTo(t).Implements(yamlUnmarshalerType), reflect.PointerTo(t).Implements(textUnmarshalerType):
		// Read from a scalar, which has no keys.
		return n.Kind == yaml.ScalarNode
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fs, ok := yamlFields(t)
		if !ok {
			return false
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Value == "<<" {
				return false
			}
			var f *yamlField
			for j := range fs {
				if fs[j].name == k.Value {
					f = &fs[j]
					break
				}
			}
			if f == nil || !knownKeys(n.Content[i+1], t.Field(f.index).Type) {
				return false
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if !knownKeys(c, t.Elem()) {
				return false
			}
		}
	case t.Kind() == reflect.Map || t.Kind() == reflect.Interface:
		return false
	}
	return true
}

// parallelBatch is the number of items a worker of forEach takes at a
// time.
const parallelBatch = 32

// inParallel returns the number of workers forEach runs for n items.
func inParallel(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/parallelBatch))
}

// forEach calls do(w, i) for each i below n, on inParallel(n) workers (w
// the worker, for its scratch space), and reports whether every call
// returned true; after a call returns false no further batch starts.
func forEach(n int, do func(w, i int) bool) bool {
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	for w := range inParallel(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				start := int(next.Add(parallelBatch)) - parallelBatch
				if start >= n {
					return
				}
				for i := start; i < min(start+parallelBatch, n); i++ {
					if !do(w, i) {
						failed.Store(true)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
}
