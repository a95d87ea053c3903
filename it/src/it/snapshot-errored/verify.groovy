import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log =~ /action \d+/
assert log.contains('errored')
assert sandbox.requests('POST', '/v2/droplets/*/actions').findAll { it.path('body').asText().contains('"snapshot"') }.size() == 1
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').isEmpty() : 'no release without a snapshot'
return true
