import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def reports = new File(basedir, 'target/marketplace')

// build, validate and snapshot passed; test-image ran on a droplet made from the new image, and release never ran
def snap = new JsonSlurper().parse(new File(reports, 'snapshot.json'))
assert log.contains(':test-image (publish-1-click)')
assert !log.contains(':release (publish-1-click)')
def creates = sandbox.requests('POST', '/v2/droplets')
assert creates.size() == 2
def testDroplet = creates[1].path('body').asText()
assert testDroplet.contains("\"image\":${snap.imageId}")
assert testDroplet.contains('"size":"s-1vcpu-1gb"')

// the report names what failed: cloud-init's error, the first-boot script, the database; nginx and the page passed
def report = new JsonSlurper().parse(new File(reports, 'image-test.json'))
assert report.failed == true
assert report.imageId == snap.imageId
def status = report.checks.collectEntries { [(it.subject == null ? it.id : "${it.id}[${it.subject}]".toString()), it.status] }
assert status['IMG-FIRST-BOOT'] == 'FAIL'
assert status['IMG-PER-INSTANCE[001_onboot]'] == 'FAIL'
assert status['IMG-SERVICE[mysql]'] == 'FAIL'
assert status['IMG-SERVICE[nginx]'] == 'PASS'
assert status['IMG-MOTD[99-one-click]'] == 'PASS'
assert status['IMG-COMMAND[curl -fsS http://localhost/]'] == 'PASS'
assert new File(reports, 'TEST-marketplace-image-test.xml').text.contains('failures="3"')
assert new File(reports, 'image-test.md').text.startsWith('## Marketplace image test: failed')
assert log.contains('[FAIL] IMG-SERVICE[mysql]: mysql is inactive.')
assert log.contains("The image ${snap.imageId} (${snap.name}) failed its test (3 failed); it was not released")

// nothing released; the test droplet, the build droplet and the run's key are all deleted, once each
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').isEmpty()
assert sandbox.requests('DELETE', '/v2/droplets/*').size() == 2
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 1
def state = sandbox.state()
assert !state.path('droplets').any { it.path('tags').any { t -> t.asText() == 'oneclick-marketplace' } }
assert !state.path('sshKeys').any { it.path('name').asText().startsWith('oneclick-marketplace-') }
assert log.contains('What this run created:')
assert log =~ /droplet \d+ \(acme-lemp-test-[^)]+\) deleted after/
sandbox.assertNoIncidents()
return true
