import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// the failing script is named with its exit code and its output; the scripts before it ran, in order
assert log.contains('Running script 3/3: 030-configure-database.sh')
assert log.contains('| Configuring the database')
assert log.contains('The provisioning script 030-configure-database.sh')
assert log.contains('with exit code 7')

// no snapshot, no release; the droplet and the key were deleted before the goal failed
assert !log.contains(':validate (publish-1-click)')
assert sandbox.requests('POST', '/v2/droplets/*/actions').isEmpty()
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').isEmpty()
assert sandbox.requests('POST', '/v2/droplets').size() == 1
assert sandbox.requests('DELETE', '/v2/droplets/*').size() == 1
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 1
def state = sandbox.state()
assert !state.path('droplets').any { it.path('tags').any { t -> t.asText() == 'oneclick-marketplace' } }
assert !state.path('sshKeys').any { it.path('name').asText().startsWith('oneclick-marketplace-') }
assert log.contains('What this run created:')
sandbox.assertNoIncidents()
return true
