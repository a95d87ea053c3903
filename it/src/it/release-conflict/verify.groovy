import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('failed with 409')
assert log.contains('It was not applied.')
assert !log.contains('Released image')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1 : 'a refusal is never sent again'
return true
