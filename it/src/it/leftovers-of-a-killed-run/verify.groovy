import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('droplet ') && log.contains('(acme-build) would be deleted (dry run), created ')
assert log.contains('SSH key oneclick-marketplace-20200101t000000z-abcdef')
assert log.contains('(acme-build) deleted after')

// one DELETE each, from the second invocation only; what no run made is still there
assert sandbox.requests('DELETE', '/v2/droplets/*').size() == 1
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 1
def names = sandbox.state().path('droplets').collect { it.path('name').asText() }
assert names == ['acme-production']
def keys = sandbox.state().path('sshKeys').collect { it.path('name').asText() }
assert keys == ['laptop']
sandbox.assertNoIncidents()
return true
