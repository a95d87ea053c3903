def log = new File(basedir, 'build.log').text
// First invocation: refused before anything ran, with the fingerprint and the parameter that pins it.
def refusal = log.indexOf('SHA256:vaz/lyLK8kTFdVUuNsR5gL9blmHFB0Oy6oqi5go0TL8')
assert refusal >= 0
assert log.contains('marketplace.hostKeyFingerprint')
// Second invocation: the pinned fingerprint lets the cleanup and the checks run, and they pass.
def cleaned = log.indexOf('Cleanup: ssh-keys')
assert cleaned > refusal
assert log.indexOf('All Tests Passed!') > cleaned
assert log.contains('BUILD SUCCESS')
// The host key was pinned, never recorded: no known_hosts was written.
assert !new File(basedir, 'target/marketplace/known_hosts').exists()
return true
