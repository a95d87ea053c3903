import io.github.oneclick.sandbox.it.SandboxAdmin
import java.nio.file.Files
import java.nio.file.StandardCopyOption

SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
def info = new Properties()
new File(sandboxInfoFile).withReader { info.load(it) }
def workDir = new File(sandboxInfoFile).parentFile
def ssh = new File(workDir, 'readme-plugin-home/.ssh')
ssh.deleteDir()
assert ssh.mkdirs()
Files.copy(new File(info.getProperty('ssh.privateKey')).toPath(), new File(ssh, 'build_ed25519').toPath(),
        StandardCopyOption.REPLACE_EXISTING)
// What ssh wrote after the vendor's first login to the droplet, which listens on the sandbox's port.
def hostKey = new File(basedir, '../../../src/test/resources/sandbox/ssh_host_ecdsa_key.pub').text.trim()
        .split(' ')[0..1].join(' ')
new File(ssh, 'known_hosts').text = "[127.0.0.1]:${info.getProperty('ssh.port')} ${hostKey}\n"
return true
