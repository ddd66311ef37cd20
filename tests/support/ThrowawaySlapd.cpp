#include "support/ThrowawaySlapd.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) == text.toUtf8().size();
}

} // namespace

ThrowawaySlapd::ThrowawaySlapd()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ThrowawaySlapd::~ThrowawaySlapd()
{
    stop();
}

bool ThrowawaySlapd::run(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        *error = u"%1 failed: %2 %3"_s.arg(program, process.errorString(),
                                           QString::fromUtf8(process.readAll()));
        return false;
    }
    return true;
}

bool ThrowawaySlapd::start(const QString &ldif, QString *error)
{
    if (!m_dir.isValid()) {
        *error = m_dir.errorString();
        return false;
    }
    const QString config = m_dir.filePath(u"slapd.conf"_s);
    const QString data = m_dir.filePath(u"data.ldif"_s);
    const QString database = m_dir.filePath(u"db"_s);
    if (!QDir().mkpath(database) || !writeFile(config, uR"(include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "dc=lab,dc=example"
rootdn "cn=admin,dc=lab,dc=example"
rootpw secret
directory %1
)"_s.arg(database)) ||
        !writeFile(data, ldif)) {
        *error = u"cannot write the slapd files in "_s + m_dir.path();
        return false;
    }
    if (!run(u"slapadd"_s, {u"-f"_s, config, u"-l"_s, data}, error))
        return false;

    // A port nothing listens on (taken from the kernel, then handed over).
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            *error = probe.errorString();
            return false;
        }
        m_port = probe.serverPort();
    }
    // -d 256 (stats) keeps slapd in the foreground. It is ready when its port takes
    // connections.
    m_process.start(u"slapd"_s, {u"-d"_s, u"256"_s, u"-f"_s, config, u"-h"_s, url() + u'/'});
    const auto listening = [this] {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        return probe.waitForConnected(1000);
    };
    (void)QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning || listening(); },
                          20000);
    if (m_process.state() == QProcess::NotRunning || !listening()) {
        *error = u"slapd did not start: "_s + m_process.errorString() + u' ' +
                 QString::fromUtf8(m_process.readAll());
        return false;
    }
    return true;
}

void ThrowawaySlapd::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        m_process.kill();
    m_process.waitForFinished(10000);
}

QString ThrowawaySlapd::url() const
{
    return u"ldap://127.0.0.1:%1"_s.arg(m_port);
}

bool ThrowawaySlapd::modify(const QString &ldif, QString *error)
{
    const QString changes = m_dir.filePath(u"changes.ldif"_s);
    if (!writeFile(changes, ldif)) {
        *error = u"cannot write "_s + changes;
        return false;
    }
    return run(u"ldapmodify"_s,
               {u"-x"_s, u"-H"_s, url(), u"-D"_s, u"cn=admin,dc=lab,dc=example"_s, u"-w"_s,
                u"secret"_s, u"-f"_s, changes},
               error);
}
