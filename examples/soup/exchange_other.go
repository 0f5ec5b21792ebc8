//go:build !linux && !darwin

package main

// exchange would swap the files at a and b atomically: not here.
func exchange(a, b string) error { return errNoExchange }
