import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
// The preflight reads the listing: it is pending, so DigitalOcean would refuse the update with a 400.
assert log.contains("App '60089fc6d333037bffa70d9c' is pending (read from the Vendor Portal)")
assert log.contains('nothing was sent')
assert log.contains('Wait for the review to finish, then release image 140000003 again.')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').isEmpty() : 'nothing is sent to a pending app'
return true
