module example.com/knative

go 1.22
