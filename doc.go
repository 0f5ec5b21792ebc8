// Package soupkit turns the software bills of materials a build already
// produces into the SOUP documentation that IEC 62304 demands of medical
// device software, and keeps it true as dependencies change.
//
// (Overview to be completed.)
package soupkit

// Version is the version of soupkit, printed in the evidence of origin of
// every rendered document.
const Version = "0.1.0"
