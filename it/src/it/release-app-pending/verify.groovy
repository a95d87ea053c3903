import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('Most likely the app is pending or in review')
assert log.contains("wait for DigitalOcean's review to finish")
assert log.contains('nothing of it was applied')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1 : 'a 400 for a pending app is never retried'
return true
