import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// the droplet is kept, and the log says how to log in and how to clean up later
assert log.contains('with exit code 7')
assert log.contains('Keeping droplet ')
assert log.contains('ssh -i ')
assert log.contains('mvn marketplace:leftovers -Dmarketplace.runId=')
assert log.contains('kept, still running')
def kept = sandbox.state().path('droplets').findAll { it.path('tags').any { t -> t.asText() == 'oneclick-marketplace' } }
assert kept.size() == 1
assert sandbox.requests('DELETE', '/v2/droplets/*').isEmpty()
// the account key is deleted all the same: the droplet already has it in root's authorized_keys
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 1
assert sandbox.requests('POST', '/v2/droplets/*/actions').isEmpty()
sandbox.assertNoIncidents()
return true
