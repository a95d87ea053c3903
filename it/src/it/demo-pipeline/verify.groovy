import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def reports = new File(basedir, 'target/marketplace')

// build -> validate -> snapshot -> test-image -> release, in that order, in one mvn deploy.
def order = ['build', 'validate', 'snapshot', 'test-image', 'release'].collect { log.indexOf(":${it} (publish-1-click)") }
assert order.every { it >= 0 } && order == order.sort(false)

// One droplet created with the run's key and host key, provisioned with the files and both scripts, in order.
def build = new JsonSlurper().parse(new File(reports, 'build.json'))
assert sandbox.requests('POST', '/v2/droplets').size() == 2
assert sandbox.requests('POST', '/v2/account/keys').size() == 1
assert log.contains('host key verified against')
assert log.contains('Uploaded 3 files.')
assert log.contains('Running script 1/2: 010-install-nginx.sh')
assert log.contains('| Installing nginx')
assert log.indexOf('010-install-nginx.sh') < log.indexOf('Running script 2/2: 020-enable-nginx.sh')

// The droplet was cleaned up (the run's key removed from root's authorized_keys), then validated over SSH with the
// run's key and pinned host key, and passed.
assert log.contains("Validating the build droplet ${build.dropletId}")
assert log.contains('Cleanup: ssh-keys')
assert log.contains('[PASS] ')
assert !log.contains('[FAIL] ')
assert new File(reports, 'validation.json').isFile()
assert new File(reports, 'TEST-marketplace-validation.xml').isFile()
assert new File(reports, 'validation.md').isFile()

// One snapshot of that droplet, found by name, handed to release; the listing now points at it.
def snap = new JsonSlurper().parse(new File(reports, 'snapshot.json'))
assert snap.dropletId == build.dropletId
assert snap.imageId > 0
// One version for the run, from the tag: it names the snapshot and the release alike.
assert snap.name.contains('-2.0.2-')
assert log.contains('Version 2.0.2 from tag GITHUB_REF_NAME=v2.0.2.')
assert sandbox.requests('POST', '/v2/droplets/*/actions').findAll { it.path('body').asText().contains('"snapshot"') }.size() == 1
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
// The image was tested before the release: a droplet from it on the smallest size it fits, with the run's key, whose
// first boot passed every check; that droplet is deleted too.
def testCreate = sandbox.requests('POST', '/v2/droplets')[1].path('body').asText()
assert testCreate.contains("\"image\":${snap.imageId}")
def imageTest = new JsonSlurper().parse(new File(reports, 'image-test.json'))
assert imageTest.failed == false
assert imageTest.imageId == snap.imageId
assert imageTest.checks.collect { it.id + (it.subject == null ? '' : "[${it.subject}]") } == [
        'IMG-FIRST-BOOT', 'IMG-PER-INSTANCE[001_onboot]', 'IMG-MOTD[99-one-click]', 'IMG-SERVICE[nginx]',
        'IMG-COMMAND[curl -fsS http://localhost/]']
assert imageTest.checks.every { it.status == 'PASS' }
assert log.indexOf("Image ${snap.imageId} passed its test") < log.indexOf(':release (publish-1-click)')
def app = sandbox.app('60089fc6d333037bffa70d9b')
assert app.path('customData').path('imageId').asLong() == (snap.imageId as long)
assert app.path('status').path('value').asText() == 'pending'
assert app.path('customData').path('version').asText() == '2.0.2'
assert log.contains("Released image ${snap.imageId}")

// Nothing is left running: the droplet and the key are deleted, once each, and the run says what they cost.
def state = sandbox.state()
assert !state.path('droplets').any { it.path('id').asLong() == (build.dropletId as long) }
assert !state.path('sshKeys').any { it.path('name').asText().startsWith('oneclick-marketplace-') }
assert sandbox.requests('DELETE', '/v2/droplets/*').size() == 2
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 1
assert log.contains('What this run created:')
assert log.contains("droplet ${build.dropletId} (${build.dropletName}) deleted after")
sandbox.assertNoIncidents()

println ''
println '======================================================================'
println " Demo done: droplet ${build.dropletId} was built, validated, snapshotted and deleted; the image passed its test;"
println " image ${app.path('customData').path('imageId').asLong()} (version 2.0.2, from the tag v2.0.2) is the new image of app 60089fc6d333037bffa70d9b (pending review)"
println " Reports of the example vendor project:"
reports.listFiles().findAll { it.isFile() }.sort { it.name }.each { println "   ${it.absolutePath}" }
println " Full build log: ${new File(basedir, 'build.log').absolutePath}"
println '======================================================================'
return true
