//go:build linux

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// smallDisk mounts a tmpfs of size bytes at a new folder and returns it.
// Mounting needs root (CAP_SYS_ADMIN); without it the test is skipped, or
// fails when BRIEFING_FAULT_TESTS=require, as CI sets.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	opts := "size=" + strconv.Itoa(size) + ",mode=0755"
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, opts); err != nil {
		if os.Getenv("BRIEFING_FAULT_TESTS") == "require" {
			t.Fatalf("mounting a small tmpfs: %v (BRIEFING_FAULT_TESTS=require)", err)
		}
		t.Skipf("cannot mount a small tmpfs (%v); run as root, or set BRIEFING_FAULT_TESTS=require to make this a failure", err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	return dir
}

// faultSite is a site root holding the seeds, with its destination on a
// 2 MiB disk that the seeds' site (about 0.7 MB) fits on. It has been
// built once.
func faultSite(t *testing.T) (root, disk, dest string, before map[string][]byte) {
	t.Helper()
	root = t.TempDir()
	copyDir(t, "../../seeds", filepath.Join(root, "seeds"))
	disk = smallDisk(t, 2<<20)
	dest = filepath.Join(disk, "public")
	if status, out := runBuildCase(t, nil, briefingBin(t), root, "--destination", dest); status != 0 {
		t.Fatalf("first build: exit %d\n%s", status, out)
	}
	return root, disk, dest, snapshot(t, dest)
}

// leftBeside lists what is in the disk's root besides the site and its
// lock file: a failed build must not leave its temporary folder.
func leftBeside(t *testing.T, disk string) []string {
	t.Helper()
	entries, err := os.ReadDir(disk)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != ".briefing-public.lock" {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestFullDisk(t *testing.T) {
	root, disk, dest, before := faultSite(t)
	// A 1.5 MB report: its page alone fills what the disk has left.
	var b strings.Builder
	b.WriteString("A long council report\n\n")
	for b.Len() < 1500_000 {
		b.WriteString("The council met and the mayor spoke at length about the budget.\n\n")
	}
	writeFile(t, filepath.Join(root, "seeds", "report.txt"), []byte(b.String()))

	status, out := runBuildCase(t, nil, briefingBin(t), root, "--destination", dest)
	want := regexp.MustCompile(`^` + regexp.QuoteMeta(dest) + `: cannot write [^ ]+: no space left on device\n` +
		`build failed; the previous site was left as it was\n$`)
	if status != 1 || !want.MatchString(out) {
		t.Fatalf("build on a full disk: exit %d, output:\n%s\nwant exit 1 and one line naming the file and the cause", status, out)
	}
	if d := diffTrees(snapshot(t, dest), before); d != "" {
		t.Fatalf("the failed build changed the site: %s", d)
	}
	if extra := leftBeside(t, disk); extra != nil {
		t.Fatalf("the failed build left %v beside the site", extra)
	}
}

func TestReadOnlyDestination(t *testing.T) {
	root, disk, dest, before := faultSite(t)
	appendParagraph(t, filepath.Join(root, "seeds", "000_f2abb09f69393f1b.txt"), "A paragraph added after the first build.")
	if err := unix.Mount("", disk, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("remounting read-only: %v", err)
	}
	status, out := runBuildCase(t, nil, briefingBin(t), root, "--destination", dest)
	want := "destination " + dest + ": cannot create the lock file beside it: read-only file system\n" +
		"build failed; the previous site was left as it was\n"
	if status != 1 || out != want {
		t.Fatalf("build into a read-only destination: exit %d, output:\n%s\nwant exit 1, output:\n%s", status, out, want)
	}
	if d := diffTrees(snapshot(t, dest), before); d != "" {
		t.Fatalf("the failed build changed the site: %s", d)
	}
}
