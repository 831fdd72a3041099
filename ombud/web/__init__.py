"""What every web response shares: a request id, security headers, the 500 page, the log line."""
