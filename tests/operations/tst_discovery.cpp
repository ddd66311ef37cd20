// mDNS announcement through a real avahi-daemon. The test runs a D-Bus system bus of its own
// and an avahi-daemon in a network and mount namespace of its own (only a loopback interface;
// a private /run/avahi-daemon for its pid file), so it neither needs nor disturbs the
// machine's responder. This needs root (unshare, mount), as scripts/test runs in CI. The
// service is then found the way any browser finds it: avahi-browse -rpt _ddalab-broker._tcp.

#include "support/DaemonProcess.h"
#include "support/HttpTestClient.h"
#include "support/TestKeys.h"
#include "support/WsTestClient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr auto kServiceType = "_ddalab-broker._tcp";

// One resolved service as avahi-browse -rpt prints it.
struct FoundService
{
    QString name;
    quint16 port = 0;
    QMap<QString, QString> txt;
};

// A system bus and an mDNS responder of the test's own, in dir.
class PrivateAvahi
{
public:
    explicit PrivateAvahi(const QTemporaryDir &dir) : m_dir(dir.path())
    {
        m_busAddress = u"unix:path="_s + m_dir + u"/system_bus_socket"_s;
    }
    ~PrivateAvahi()
    {
        for (QProcess *process : {m_watcher.get(), m_avahi.get(), m_bus.get()}) {
            if (process && process->state() != QProcess::NotRunning) {
                process->terminate();
                if (!process->waitForFinished(5000))
                    process->kill();
            }
        }
    }

    QString busAddress() const { return m_busAddress; }
    QString log() const { return m_log; }

    bool startBus(QString *error)
    {
        // A bus anybody may use and on which anybody may own names: it is the test's alone.
        const QString config = m_dir + u"/bus.conf"_s;
        if (!write(config,
                   u"<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus "
                   "Configuration 1.0//EN\" "
                   "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                   "<busconfig><type>system</type><listen>%1</listen>"
                   "<auth>EXTERNAL</auth><policy context=\"default\">"
                   "<allow user=\"*\"/><allow own=\"*\"/>"
                   "<allow send_type=\"method_call\"/><allow send_type=\"signal\"/>"
                   "<allow send_requested_reply=\"true\" send_type=\"method_return\"/>"
                   "<allow send_requested_reply=\"true\" send_type=\"error\"/>"
                   "<allow receive_type=\"method_call\"/>"
                   "<allow receive_type=\"method_return\"/>"
                   "<allow receive_type=\"error\"/><allow receive_type=\"signal\"/>"
                   "</policy></busconfig>\n"_s.arg(m_busAddress),
                   error))
            return false;
        m_bus = std::make_unique<QProcess>();
        m_bus->start(u"dbus-daemon"_s,
                     {u"--config-file="_s + config, u"--nofork"_s, u"--print-address"_s});
        // It prints its address once it listens.
        return waitFor(*m_bus, u"unix:path="_s, u"dbus-daemon"_s, error);
    }

    bool startAvahi(QString *error)
    {
        const QString config = m_dir + u"/avahi-daemon.conf"_s;
        if (!write(config,
                   u"[server]\nhost-name=ddalab-test\nuse-ipv4=yes\nuse-ipv6=no\n"
                   "enable-dbus=yes\n[wide-area]\nenable-wide-area=no\n"
                   "[publish]\npublish-hinfo=no\npublish-workstation=no\n"_s,
                   error))
            return false;
        // Its pid file path is built in: a private mount over /run/avahi-daemon keeps it from
        // meeting the machine's own avahi-daemon.
        if (!QDir().mkpath(u"/run/avahi-daemon"_s)) {
            *error = u"cannot create /run/avahi-daemon (the test needs root)"_s;
            return false;
        }
        m_avahi = std::make_unique<QProcess>();
        m_avahi->setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_s, m_busAddress);
        m_avahi->setProcessEnvironment(environment);
        m_avahi->start(
            u"unshare"_s,
            {u"--mount"_s, u"--net"_s, u"--propagation"_s, u"private"_s, u"--"_s, u"sh"_s, u"-c"_s,
             u"ip link set lo up && mount -t tmpfs tmpfs /run/avahi-daemon && "
             "exec avahi-daemon --no-drop-root --no-chroot --no-rlimits -f '%1'"_s.arg(config)});
        return waitFor(*m_avahi, u"Server startup complete"_s, u"avahi-daemon"_s, error);
    }

    // Starts a browser that keeps watching, as a desktop's does, so that an announcement is
    // seen as soon as avahi resolves it (avahi-browse --terminate takes a second or two each
    // time); false with the reason.
    bool startWatching(QString *error)
    {
        m_watcher = std::make_unique<QProcess>();
        m_watcher->setProcessEnvironment(environment());
        m_watcher->start(u"avahi-browse"_s,
                         {u"--resolve"_s, u"--parsable"_s, QString::fromLatin1(kServiceType)});
        if (m_watcher->waitForStarted(10000))
            return true;
        *error = u"avahi-browse does not start: "_s + m_watcher->errorString();
        return false;
    }

    // Whether the watching browser has resolved a service on port that has not gone since.
    bool sees(quint16 port)
    {
        m_watched += QString::fromUtf8(m_watcher->readAllStandardOutput());
        const qsizetype complete = m_watched.lastIndexOf(u'\n') + 1;
        for (const QString &line : m_watched.left(complete).split(u'\n', Qt::SkipEmptyParts)) {
            const QStringList fields = line.split(u';');
            if (fields.size() >= 9 && fields[0] == "="_L1)
                m_resolved.insert(fields[3], quint16(fields[8].toUInt()));
            else if (fields.size() >= 4 && fields[0] == "-"_L1)
                m_resolved.remove(fields[3]);
        }
        m_watched.remove(0, complete);
        return std::find(m_resolved.cbegin(), m_resolved.cend(), port) != m_resolved.cend();
    }

    // What avahi-browse resolves now.
    QList<FoundService> browse(QString *error) const
    {
        QProcess browser;
        browser.setProcessEnvironment(environment());
        browser.start(u"avahi-browse"_s, {u"--resolve"_s, u"--parsable"_s, u"--terminate"_s,
                                          QString::fromLatin1(kServiceType)});
        if (!browser.waitForFinished(20000) || browser.exitCode() != 0) {
            *error = u"avahi-browse: "_s + QString::fromUtf8(browser.readAllStandardError()) +
                     browser.errorString();
            return {};
        }
        QList<FoundService> found;
        static const QRegularExpression quoted(u"\"((?:[^\"\\\\]|\\\\.)*)\""_s);
        for (const QString &line :
             QString::fromUtf8(browser.readAllStandardOutput()).split(u'\n')) {
            const QStringList fields = line.split(u';');
            if (fields.size() < 10 || fields[0] != "="_L1)
                continue;
            FoundService service;
            service.name = QString(fields[3]).replace(u"\\032"_s, u" "_s);
            service.port = quint16(fields[8].toUInt());
            const QString txt = fields.mid(9).join(u';');
            for (auto it = quoted.globalMatch(txt); it.hasNext();) {
                const QString entry = it.next().captured(1);
                service.txt.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
            }
            found.append(service);
        }
        return found;
    }

private:
    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"DBUS_SYSTEM_BUS_ADDRESS"_s, m_busAddress);
        return environment;
    }

    static bool write(const QString &path, const QString &content, QString *error)
    {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly) && file.write(content.toUtf8()) >= 0)
            return true;
        *error = u"cannot write %1"_s.arg(path);
        return false;
    }

    bool waitFor(QProcess &process, const QString &text, const QString &what, QString *error)
    {
        if (!process.waitForStarted(10000)) {
            *error = u"%1 does not start (scripts/install-deps --test installs it): %2"_s.arg(
                what, process.errorString());
            return false;
        }
        // What these tools print once they serve (dbus-daemon's --print-address, avahi-daemon's
        // "Server startup complete") is their own way of saying so.
        (void)QTest::qWaitFor(
            [&] {
                m_log += QString::fromUtf8(process.readAll());
                return m_log.contains(text) || process.state() != QProcess::Running;
            },
            20000);
        if (m_log.contains(text))
            return true;
        *error = u"%1 did not come up:\n%2"_s.arg(what, m_log);
        return false;
    }

    QString m_dir;
    QString m_busAddress;
    QString m_log;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_avahi;
    std::unique_ptr<QProcess> m_watcher;
    QString m_watched;                  // output of m_watcher not yet read as whole lines
    QHash<QString, quint16> m_resolved; // by service name
};

#define START_OR_FAIL(call)                                                                        \
    do {                                                                                           \
        QString startError;                                                                        \
        if (!(call))                                                                               \
            QFAIL(qPrintable(startError));                                                         \
    } while (false)

// How long a daemon has to come to its announcement decision, and avahi to see it.
constexpr int kDiscoveryTimeoutMs = 20000;
// Announcements are waited for where desktops see them, through avahi; the daemon's lines about
// them are checked as what operators read, once its output has reached the test.
constexpr int kLogTimeoutMs = 20000;

} // namespace

class TestDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void announcesWhatTheDesktopReads();
    void waitsForTheResponder();
    void goesOnWithoutABus();
    void institutionKeyFollowsTheStoredName();
};

void TestDiscovery::announcesWhatTheDesktopReads()
{
    QTemporaryDir dir;
    PrivateAvahi avahi(dir);
    START_OR_FAIL(avahi.startBus(&startError));
    START_OR_FAIL(avahi.startAvahi(&startError));
    START_OR_FAIL(avahi.startWatching(&startError));

    // An open broker of a named institution that asks for the desktop's password check...
    DaemonProcess open;
    open.setEnv(u"DBUS_SYSTEM_BUS_ADDRESS"_s, avahi.busAddress());
    open.setEnv(u"DISCOVERY"_s, u"on"_s);
    open.setEnv(u"INSTITUTION_NAME"_s, u"Neuro Lab"_s);
    open.setEnv(u"DISCOVERY_AUTH_PASSWORD"_s, u"lab password"_s);
    START_DAEMON(open, u"sqlite"_s, dir);
    QTRY_VERIFY2_WITH_TIMEOUT(avahi.sees(open.port()), qPrintable(open.output()),
                              kDiscoveryTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(open.output().contains(u"announced by mDNS"_s),
                              qPrintable(open.output()), kLogTimeoutMs);
    // ...one with JWT and TLS (same instance name: avahi picks another)...
    QString error;
    QVERIFY2(TestKeys::makeCertificate(dir.filePath(u"cert.pem"_s), dir.filePath(u"key.pem"_s),
                                       u"broker"_s, TestKeys::Kind::Rsa, &error),
             qPrintable(error));
    DaemonProcess secured;
    secured.setEnv(u"DBUS_SYSTEM_BUS_ADDRESS"_s, avahi.busAddress());
    secured.setEnv(u"DISCOVERY"_s, u"on"_s);
    secured.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    secured.setEnv(u"JWT_SECRET"_s, u"0123456789abcdef0123456789abcdef"_s);
    secured.setEnv(u"TLS_CERT_FILE"_s, dir.filePath(u"cert.pem"_s));
    secured.setEnv(u"TLS_KEY_FILE"_s, dir.filePath(u"key.pem"_s));
    START_DAEMON(secured, u"sqlite"_s, dir);
    QTRY_VERIFY2_WITH_TIMEOUT(avahi.sees(secured.port()), qPrintable(secured.output()),
                              kDiscoveryTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(secured.output().contains(u"announced by mDNS"_s),
                              qPrintable(secured.output()), kLogTimeoutMs);
    // ...and one that does not announce itself.
    DaemonProcess silent;
    silent.setEnv(u"DBUS_SYSTEM_BUS_ADDRESS"_s, avahi.busAddress());
    silent.setEnv(u"DISCOVERY"_s, u"off"_s);
    START_DAEMON(silent, u"sqlite"_s, dir);
    // Not announcing shows nowhere else: its line says the daemon decided.
    QTRY_VERIFY2_WITH_TIMEOUT(silent.output().contains(u"mDNS announcement off"_s),
                              qPrintable(silent.output()), kDiscoveryTimeoutMs);

    const QList<FoundService> found = avahi.browse(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(found.size(), 2);
    QMap<quint16, FoundService> byPort;
    for (const FoundService &service : found)
        byPort.insert(service.port, service);
    QVERIFY(byPort.contains(open.port()) && byPort.contains(secured.port()));
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash("lab password", QCryptographicHash::Sha256).toHex());
    QCOMPARE(byPort[open.port()].txt, (QMap<QString, QString>{{u"version"_s, u"0.1.0"_s},
                                                              {u"institution"_s, u"Neuro Lab"_s},
                                                              {u"auth_required"_s, u"false"_s},
                                                              {u"tls"_s, u"false"_s},
                                                              {u"auth_hash"_s, hash}}));
    QCOMPARE(byPort[secured.port()].txt, (QMap<QString, QString>{{u"version"_s, u"0.1.0"_s},
                                                                 {u"auth_required"_s, u"true"_s},
                                                                 {u"tls"_s, u"true"_s}}));
    QVERIFY(byPort[open.port()].name != byPort[secured.port()].name);
    QVERIFY2(!open.output().contains(u"lab password"_s), "the password in the log");

    // A broker that stops takes its announcement with it.
    open.sendSignal(SIGTERM);
    QVERIFY(open.waitForExit(15000));
    QCOMPARE(open.exitCode(), 0);
    QVERIFY(open.output().contains(u"mDNS announcement withdrawn"_s));
    QTRY_COMPARE_WITH_TIMEOUT(avahi.browse(&error).size(), 1, 15000);
    QCOMPARE(avahi.browse(&error).value(0).port, secured.port());
}

void TestDiscovery::waitsForTheResponder()
{
    QTemporaryDir dir;
    PrivateAvahi avahi(dir);
    START_OR_FAIL(avahi.startBus(&startError));
    DaemonProcess daemon;
    daemon.setEnv(u"DBUS_SYSTEM_BUS_ADDRESS"_s, avahi.busAddress());
    daemon.setEnv(u"DISCOVERY"_s, u"on"_s);
    START_DAEMON(daemon, u"sqlite"_s, dir);
    // The daemon's warning is the behaviour here: it says once that nobody answers, and waits.
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"no avahi-daemon answers"_s),
                              qPrintable(daemon.output()), kDiscoveryTimeoutMs);

    START_OR_FAIL(avahi.startAvahi(&startError));
    START_OR_FAIL(avahi.startWatching(&startError));
    QTRY_VERIFY2_WITH_TIMEOUT(avahi.sees(daemon.port()), qPrintable(daemon.output()),
                              kDiscoveryTimeoutMs);
    // Reported too, and with no further warning before it.
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"announced by mDNS"_s),
                              qPrintable(daemon.output()), kLogTimeoutMs);
    QString error;
    const QList<FoundService> found = avahi.browse(&error);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().port, daemon.port());
    QCOMPARE(daemon.output().count(u"mDNS:"_s), 1);
}

void TestDiscovery::goesOnWithoutABus()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"DBUS_SYSTEM_BUS_ADDRESS"_s, u"unix:path="_s + dir.filePath(u"no-bus"_s));
    daemon.setEnv(u"DISCOVERY"_s, u"on"_s);
    START_DAEMON(daemon, u"sqlite"_s, dir);
    // The one warning line is the behaviour here: the daemon says it cannot announce, once.
    QTRY_VERIFY2_WITH_TIMEOUT(daemon.output().contains(u"mDNS:"_s), qPrintable(daemon.output()),
                              kDiscoveryTimeoutMs);
    WsTestClient client;
    OPEN_REGISTERED(client, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);
    daemon.stop();
    QCOMPARE(daemon.output().count(u"mDNS:"_s), 1);
    QVERIFY2(daemon.output().contains(u"no D-Bus system bus"_s), qPrintable(daemon.output()));
}

void TestDiscovery::institutionKeyFollowsTheStoredName()
{
    QTemporaryDir dir;
    PrivateAvahi avahi(dir);
    START_OR_FAIL(avahi.startBus(&startError));
    START_OR_FAIL(avahi.startAvahi(&startError));
    START_OR_FAIL(avahi.startWatching(&startError));

    const QByteArray adminToken = "discovery-admin-token-0b7e5c2d";
    DaemonProcess daemon;
    daemon.setEnv(u"DBUS_SYSTEM_BUS_ADDRESS"_s, avahi.busAddress());
    daemon.setEnv(u"DISCOVERY"_s, u"on"_s);
    daemon.setEnv(u"INSTITUTION_NAME"_s, u"Neuro Lab"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(adminToken));
    START_DAEMON(daemon, u"sqlite"_s, dir);
    QTRY_VERIFY2_WITH_TIMEOUT(avahi.sees(daemon.port()), qPrintable(daemon.output()),
                              kDiscoveryTimeoutMs);
    QString error;
    const auto institution = [&]() -> QString {
        const QList<FoundService> found = avahi.browse(&error);
        return found.isEmpty() ? u"(not found)"_s
                               : found.first().txt.value(u"institution"_s, u"(absent)"_s);
    };
    QCOMPARE(institution(), u"Neuro Lab"_s);

    // Renamed by an administrator: announced again at once, without a restart...
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(adminToken);
    const QByteArray json = "application/json";
    QCOMPARE(admin
                 .send("PUT", u"/api/institution/config"_s, R"({"name":"Neuro Lab East"})",
                       {{"Content-Type", json}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(institution(), u"Neuro Lab East"_s, kDiscoveryTimeoutMs);
    // ...an empty name leaves the key out...
    QCOMPARE(
        admin.send("PUT", u"/api/institution/config"_s, R"({"name":""})", {{"Content-Type", json}})
            .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(institution(), u"(absent)"_s, kDiscoveryTimeoutMs);
    QCOMPARE(admin
                 .send("PUT", u"/api/institution/config"_s, R"({"name":"Neuro Lab West"})",
                       {{"Content-Type", json}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(institution(), u"Neuro Lab West"_s, kDiscoveryTimeoutMs);

    // ...and after a restart the stored name is announced, not INSTITUTION_NAME. The restarted
    // daemon takes the same instance name: the watcher may see its removal after the new
    // announcement, so a fresh browse tells which port the name now has.
    daemon.stop();
    QVERIFY2(daemon.start(&error), qPrintable(error));
    const auto announcedPort = [&]() -> quint16 {
        const QList<FoundService> found = avahi.browse(&error);
        return found.isEmpty() ? 0 : found.first().port;
    };
    QTRY_COMPARE_WITH_TIMEOUT(announcedPort(), daemon.port(), kDiscoveryTimeoutMs);
    QCOMPARE(institution(), u"Neuro Lab West"_s);
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
