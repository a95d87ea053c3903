import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
// The build ran with -X, the HTTP exchange was logged, and the token was accepted by the sandbox...
assert log.contains('[DEBUG]')
assert log.contains('Authorization: [REDACTED]')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
// ...yet no trace of it is in the whole build log.
assert !log.contains('canary-7f3c9e1d2b4a6c8e0f1a3b5d7c9e2f4a')
assert !log.contains('7f3c9e1d2b4a6c8e')
return true
