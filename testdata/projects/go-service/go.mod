module example.com/device/go-service

go 1.22

require (
	github.com/google/uuid v1.6.0
	github.com/pkg/errors v0.9.1
	golang.org/x/text v0.21.0
	gopkg.in/yaml.v3 v3.0.1
)
