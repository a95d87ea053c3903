import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('Outcome unknown: it was not sent again')
assert log.contains('https://cloud.digitalocean.com/vendorportal')
assert !log.contains('Released image')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
assert sandbox.requests('GET', '/api/v1/vendor-portal/apps/*').size() == 2 : 'the listing was read before the update and once after it'
return true
