import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains("App id '0123456789abcdef01234567' was not found")
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
return true
