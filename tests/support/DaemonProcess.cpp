#include "support/DaemonProcess.h"

#include "support/TestDatabases.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

DaemonProcess::DaemonProcess() : m_env(QProcessEnvironment::systemEnvironment())
{
    m_env.insert(u"BIND_ADDR"_s, u"127.0.0.1:0"_s);
    // Test daemons do not announce themselves on the machine's network; the discovery suite
    // turns it on against an mDNS responder of its own.
    m_env.insert(u"DISCOVERY"_s, u"off"_s);
    m_process.setProgram(QStringLiteral(DDALAB_BROKER_BINARY));
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

DaemonProcess::~DaemonProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
}

void DaemonProcess::setEnv(const QString &name, const QString &value)
{
    m_env.insert(name, value);
}

bool DaemonProcess::start(QString *error)
{
    m_output.clear();
    m_port = 0;
    m_process.setProcessEnvironment(m_env);
    m_process.setArguments(m_arguments);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        if (error)
            *error = m_process.errorString();
        return false;
    }
    // BIND_ADDR's port 0 makes the daemon pick a free port, and its log is where it says which
    // (as documented): nothing else tells the port, so this is the one wait on a log line.
    static const QRegularExpression listening(u"listening on \\S+:(\\d+)"_s);
    QRegularExpressionMatch match;
    (void)QTest::qWaitFor(
        [&] {
            match = listening.match(output());
            return match.hasMatch() || m_process.state() == QProcess::NotRunning;
        },
        30000);
    if (match.hasMatch()) {
        m_port = quint16(match.captured(1).toUInt());
        return true;
    }
    if (error)
        *error = u"the daemon did not start listening:\n"_s + output();
    kill();
    return false;
}

bool DaemonProcess::startOnFreshDatabase(const QString &engine, const QTemporaryDir &dir,
                                         QString *error, QString *databaseUrl)
{
    return useFreshDatabase(engine, dir, error, databaseUrl) && start(error);
}

bool DaemonProcess::useFreshDatabase(const QString &engine, const QTemporaryDir &dir,
                                     QString *error, QString *databaseUrl)
{
    if (!dir.isValid()) {
        *error = u"no temporary folder: "_s + dir.errorString();
        return false;
    }
    const QString url = TestDatabases::freshUrl(engine, dir, error);
    if (url.isEmpty()) {
        *error = u"no %1 database for the test: %2"_s.arg(engine, *error);
        return false;
    }
    if (databaseUrl)
        *databaseUrl = url;
    setEnv(u"DATABASE_URL"_s, url);
    setEnv(u"DATA_DIR"_s, dir.path());
    return true;
}

void DaemonProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(15000))
        kill();
    output();
}

void DaemonProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10000);
    output();
}

void DaemonProcess::sendSignal(int signalNumber)
{
    if (m_process.state() != QProcess::NotRunning)
        ::kill(pid_t(m_process.processId()), signalNumber);
}

bool DaemonProcess::waitForExit(int timeoutMs)
{
    // Runs the event loop meanwhile: the test's own sockets must answer the daemon's closes.
    QSignalSpy finished(&m_process, &QProcess::finished);
    const bool exited = m_process.state() == QProcess::NotRunning || finished.wait(timeoutMs);
    output();
    return exited;
}

int DaemonProcess::exitCode() const
{
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

int DaemonProcess::runToExit(QString *output, int timeoutMs, const QByteArray &input)
{
    m_process.setProcessEnvironment(m_env);
    m_process.setArguments(m_arguments);
    m_process.start();
    if (m_process.waitForStarted(10000)) {
        m_process.write(input);
        m_process.closeWriteChannel();
    }
    if (!m_process.waitForFinished(timeoutMs)) {
        kill();
        return -1;
    }
    if (output)
        *output = QString::fromUtf8(m_process.readAll());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QUrl DaemonProcess::wsUrl() const
{
    return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_port));
}

QUrl DaemonProcess::httpUrl(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
}

QString DaemonProcess::output()
{
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
}
