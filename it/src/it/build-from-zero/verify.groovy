import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def reports = new File(basedir, 'target/marketplace')

// build -> validate -> snapshot -> release, in one mvn deploy
def order = ['build', 'validate', 'snapshot', 'release'].collect { log.indexOf(":${it} (publish-1-click)") }
assert order.every { it >= 0 } && order == order.sort(false)

// one droplet created, with the run's tags; provisioned with the files and both scripts, in order
def build = new JsonSlurper().parse(new File(reports, 'build.json'))
assert sandbox.requests('POST', '/v2/droplets').size() == 1
assert sandbox.requests('POST', '/v2/account/keys').size() == 1
assert log.contains('Running script 1/2: 010-install-nginx.sh')
assert log.contains('| Installing nginx')
assert log.indexOf('010-install-nginx.sh') < log.indexOf('Running script 2/2: 020-enable-nginx.sh')

// validated over SSH with the run's key and pinned host key, after the cleanup, and passed
assert log.contains("Validating the build droplet ${build.dropletId}")
assert log.contains('Cleanup: ssh-keys')
assert !log.contains('[FAIL] ')

// one snapshot of that droplet, released; the droplet and the key are gone, and the run says what they cost
def snap = new JsonSlurper().parse(new File(reports, 'snapshot.json'))
assert snap.dropletId == build.dropletId
assert sandbox.requests('POST', '/v2/droplets/*/actions').findAll { it.path('body').asText().contains('"snapshot"') }.size() == 1
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
assert sandbox.app('60089fc6d333037bffa70d9b').path('customData').path('imageId').asLong() == (snap.imageId as long)
def state = sandbox.state()
assert !state.path('droplets').any { it.path('id').asLong() == (build.dropletId as long) }
assert !state.path('sshKeys').any { it.path('name').asText().startsWith('oneclick-marketplace-') }
assert sandbox.requests('DELETE', '/v2/droplets/*').size() == 1
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 1
assert log.contains('What this run created:')
assert log.contains("droplet ${build.dropletId} (${build.dropletName}) deleted after")
sandbox.assertNoIncidents()
return true
