import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
sandbox.assertOneSnapshotAndOneReleaseOf('60089fc6d333037bffa70d9b', snap.imageId as long)
assert log.contains('succeeded (201) but its response has a body without an action')
assert !log.contains('NullPointerException')
return true
