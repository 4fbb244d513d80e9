// Command sdkgen writes the Python SDK of a Pulumi package from its schema, with Pulumi's own Python
// code generator at the pinned release (github.com/pulumi/pulumi/pkg/v3/codegen/python), the same
// generator `pulumi package gen-sdk --language python` runs inside pulumi-language-python. It exists
// because the Python language host this project can build offline (scripts/ensure-python-host.sh)
// predates the GeneratePackage call; with a normal Pulumi install, use `pulumi package gen-sdk`.
//
//	sdkgen -schema schema.json -out DIR [-tool NAME]
//
// Built by scripts/ensure-python-host.sh into the per-user cache; not part of the npm package.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noLoader refuses every reference to another package: a self-contained schema needs none.
type noLoader struct{}

func (noLoader) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; sdkgen only generates self-contained packages", name)
}
func (l noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(pkg)
}
func (l noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}
func (l noLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(pkg)
}
func (l noLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}

func run() error {
	schemaPath := flag.String("schema", "", "the package schema (JSON), e.g. from `pulumi package get-schema`")
	out := flag.String("out", "", "directory to write the SDK into (emptied first)")
	tool := flag.String("tool", "pulumi-language-python", "generator name written into the files' headers")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		return errors.New("usage: sdkgen -schema schema.json -out DIR")
	}
	raw, err := os.ReadFile(*schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", *schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema has %d error(s)", len(diags.Errs()))
	}
	files, err := python.GeneratePackage(*tool, pkg, nil, noLoader{})
	if err != nil {
		return err
	}
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "sdkgen: wrote %d files of the Python SDK of %s into %s\n", len(files), pkg.Name, *out)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}
