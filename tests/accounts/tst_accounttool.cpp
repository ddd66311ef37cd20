// `ddalab-broker user add|passwd|disable|enable|remove|list` on both engines, the real binary
// with the password on standard input (its first line) and never on the command line: exit 0
// when done, 1 when refused, 2 for a bad password or setting; and a running daemon refuses the
// next login of an account the command disabled or removed.

#include "support/DaemonProcess.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/TestDatabases.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using logins::outcome;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAlicePassword = u"correct horse battery staple"_s;
const QString kNewPassword = u"a second, longer passphrase"_s;

// What one run of the command did.
struct CommandRun
{
    int exitCode = -1; // -1: it crashed or did not finish
    QString out;
    QString err;

    // "EXIT: STDOUT", and for a refusal "EXIT: the last line of STDERR" (before it the
    // storage may have logged opening the database).
    QString describe() const
    {
        if (exitCode == 0)
            return u"%1: %2"_s.arg(exitCode).arg(out.trimmed());
        return u"%1: %2"_s.arg(exitCode).arg(err.trimmed().split(u'\n').last());
    }
};

// Runs ddalab-broker with arguments against the database, stdin written and closed.
CommandRun runCommand(const QString &databaseUrl, const QStringList &arguments,
                      const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DATABASE_URL"_s, databaseUrl);
    process.setProcessEnvironment(environment);
    process.start(QString::fromUtf8(DDALAB_BROKER_BINARY), arguments);
    CommandRun run;
    if (!process.waitForStarted(10000))
        return run;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        run.exitCode = process.exitCode();
    return run;
}

CommandRun user(const QString &databaseUrl, const QStringList &arguments,
                const QByteArray &input = {})
{
    return runCommand(databaseUrl, QStringList{u"user"_s} + arguments, input);
}

QByteArray line(const QString &password)
{
    return password.toUtf8() + '\n';
}

} // namespace

class tst_AccountTool : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void everyVerb_data() { TestDatabases::addEngineRows(); }
    void everyVerb();
    void passwordRules_data();
    void passwordRules();
    void passwordIsNeverAnArgument_data() { TestDatabases::addEngineRows(); }
    void passwordIsNeverAnArgument();
    void badSettingsAndIds_data() { TestDatabases::addEngineRows(); }
    void badSettingsAndIds();
    void runningDaemonFollowsTheCommand_data() { TestDatabases::addEngineRows(); }
    void runningDaemonFollowsTheCommand();

private:
    // A fresh database URL of the row's engine, or fails the test.
    bool freshUrl(QString *url);

    QTemporaryDir m_dir;
};

void tst_AccountTool::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

bool tst_AccountTool::freshUrl(QString *url)
{
    QFETCH(QString, engine);
    QString error;
    *url = TestDatabases::freshUrl(engine, m_dir, &error);
    if (url->isEmpty())
        QTest::qFail(qPrintable(u"no %1 database: %2"_s.arg(engine, error)), __FILE__, __LINE__);
    return !url->isEmpty();
}

// Each verb on an account that exists (0) and on one that does not, or exists already (1);
// list shows user, state, created and last login, ordered by user id.
void tst_AccountTool::everyVerb()
{
    QString url;
    if (!freshUrl(&url))
        return;
    CommandRun run = user(url, {u"list"_s});
    QCOMPARE(run.describe(), u"0: user\tstate\tcreated\tlast login"_s);

    run = user(url, {u"add"_s, kBob}, line(kAlicePassword));
    QCOMPARE(run.describe(), u"0: %1: account added"_s.arg(kBob));
    run = user(url, {u"add"_s, kAlice}, line(kAlicePassword) + "ignored second line\n");
    QCOMPARE(run.describe(), u"0: %1: account added"_s.arg(kAlice));
    run = user(url, {u"add"_s, kAlice}, line(kNewPassword));
    QCOMPARE(run.describe(), u"1: %1: an account with this user id exists"_s.arg(kAlice));
    QCOMPARE(user(url, {u"passwd"_s, kAlice}, line(kNewPassword)).describe(),
             u"0: %1: password set"_s.arg(kAlice));
    QCOMPARE(user(url, {u"disable"_s, kAlice}).describe(), u"0: %1: disabled"_s.arg(kAlice));

    run = user(url, {u"list"_s});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], u"user\tstate\tcreated\tlast login"_s);
    static const QRegularExpression row(
        u"^(\\S+)\\t(enabled|disabled)\\t(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)"
        "\\t(never)$"_s);
    const auto alice = row.match(lines[1]);
    QVERIFY2(alice.hasMatch(), qPrintable(lines[1]));
    QCOMPARE(alice.captured(1), kAlice);
    QCOMPARE(alice.captured(2), u"disabled"_s);
    const QDateTime created = QDateTime::fromString(alice.captured(3), Qt::ISODateWithMs);
    QVERIFY2(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 60, qPrintable(lines[1]));
    const auto bob = row.match(lines[2]);
    QVERIFY2(bob.hasMatch(), qPrintable(lines[2]));
    QCOMPARE(bob.captured(1), kBob);
    QCOMPARE(bob.captured(2), u"enabled"_s);

    QCOMPARE(user(url, {u"enable"_s, kAlice}).describe(), u"0: %1: enabled"_s.arg(kAlice));
    QCOMPARE(user(url, {u"remove"_s, kAlice}).describe(), u"0: %1: removed"_s.arg(kAlice));
    const QString missing = u"1: %1: no such account"_s.arg(kAlice);
    QCOMPARE(user(url, {u"remove"_s, kAlice}).describe(), missing);
    QCOMPARE(user(url, {u"passwd"_s, kAlice}, line(kNewPassword)).describe(), missing);
    QCOMPARE(user(url, {u"disable"_s, kAlice}).describe(), missing);
    QCOMPARE(user(url, {u"enable"_s, kAlice}).describe(), missing);
    QCOMPARE(user(url, {u"list"_s}).out.split(u'\n', Qt::SkipEmptyParts).size(), 2);
}

void tst_AccountTool::passwordRules_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    const QList<std::tuple<const char *, QByteArray, int>> inputs{
        {"nothing", QByteArray(), 2},
        {"an empty line", "\n", 2},
        {"7 characters", "seven..\n", 2},
        {"1025 characters", QByteArray(1025, 'p') + '\n', 2},
        {"8 characters", "8 chars!\n", 0},
        {"1024 characters", QByteArray(1024, 'p') + '\n', 0},
        {"8 characters, no newline", "8 chars!", 0},
        {"8 characters, CRLF", "8 chars!\r\n", 0},
    };
    for (const QString &engine : TestDatabases::engines()) {
        for (const auto &[name, input, exitCode] : inputs)
            QTest::addRow("%s, %s", qPrintable(engine), name) << engine << input << exitCode;
    }
}

// A password has 8 to 1024 characters; anything else is exit 2 and adds nothing.
void tst_AccountTool::passwordRules()
{
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QString url;
    if (!freshUrl(&url))
        return;
    const CommandRun run = user(url, {u"add"_s, kAlice}, input);
    QCOMPARE(run.exitCode, exitCode);
    const int listed = user(url, {u"list"_s}).out.split(u'\n', Qt::SkipEmptyParts).size() - 1;
    QCOMPARE(listed, exitCode == 0 ? 1 : 0);
    if (exitCode != 0)
        QVERIFY2(!run.err.isEmpty(), "a refused password is explained");
}

// A password on the command line is a usage error (2), whatever follows the user id, and stdin
// stays where the password comes from.
void tst_AccountTool::passwordIsNeverAnArgument()
{
    QString url;
    if (!freshUrl(&url))
        return;
    for (const QStringList &arguments : {QStringList{u"add"_s, kAlice, kAlicePassword},
                                         QStringList{u"add"_s, kAlice, u"--"_s, kAlicePassword},
                                         QStringList{u"passwd"_s, kAlice, kAlicePassword}}) {
        const CommandRun run = user(url, arguments, line(kNewPassword));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.out.contains(kAlicePassword) && !run.err.contains(kAlicePassword),
                 qPrintable(run.describe()));
    }
    QCOMPARE(user(url, {u"list"_s}).out.split(u'\n', Qt::SkipEmptyParts).size(), 1);
}

// A bad user id, verb or database is exit 2, naming what is wrong.
void tst_AccountTool::badSettingsAndIds()
{
    QString url;
    if (!freshUrl(&url))
        return;
    for (const QStringList &arguments :
         {QStringList{u"add"_s, QString(257, u'a')}, QStringList{u"add"_s, u"tab\there"_s},
          QStringList{u"rename"_s, kAlice}, QStringList{u"add"_s}, QStringList{}}) {
        const CommandRun run = user(url, arguments, line(kAlicePassword));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.err.isEmpty(), qPrintable(run.describe()));
    }
    const CommandRun badUrl = runCommand(u"mysql://localhost/broker"_s, {u"user"_s, u"list"_s});
    QCOMPARE(badUrl.exitCode, 2);
    QVERIFY2(badUrl.err.contains("DATABASE_URL"_L1), qPrintable(badUrl.describe()));
    QCOMPARE(user(url, {u"list"_s}).out.split(u'\n', Qt::SkipEmptyParts).size(), 1);
}

// The command and a running daemon share the database: the daemon lets in an account the
// command added, and refuses the next login once the command disabled or removed it.
void tst_AccountTool::runningDaemonFollowsTheCommand()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    QString url;
    QString error;
    QVERIFY2(daemon.startOnFreshDatabase(engine, m_dir, &error, &url), qPrintable(error));
    HttpTestClient client(daemon.httpUrl({}));

    QCOMPARE(outcome(logins::login(client, kAlice, kAlicePassword)), u"401 AUTH_FAILED"_s);
    QCOMPARE(user(url, {u"add"_s, kAlice}, line(kAlicePassword)).exitCode, 0);
    const QByteArray session = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    QVERIFY(!session.isEmpty());

    QCOMPARE(user(url, {u"passwd"_s, kAlice}, line(kNewPassword)).exitCode, 0);
    QCOMPARE(outcome(logins::login(client, kAlice, kAlicePassword)), u"401 AUTH_FAILED"_s);
    QCOMPARE(logins::login(client, kAlice, kNewPassword).status, 200);

    QCOMPARE(user(url, {u"disable"_s, kAlice}).exitCode, 0);
    QCOMPARE(outcome(logins::login(client, kAlice, kNewPassword)), u"403 ACCOUNT_DISABLED"_s);
    // A session opened before ends when it expires, not now.
    QCOMPARE(logins::sessionStatus(client, session).json().value("valid"_L1), QJsonValue(true));

    QCOMPARE(user(url, {u"enable"_s, kAlice}).exitCode, 0);
    QCOMPARE(logins::login(client, kAlice, kNewPassword).status, 200);
    QCOMPARE(user(url, {u"remove"_s, kAlice}).exitCode, 0);
    QCOMPARE(outcome(logins::login(client, kAlice, kNewPassword)), u"401 AUTH_FAILED"_s);
}

QTEST_GUILESS_MAIN(tst_AccountTool)
#include "tst_accounttool.moc"
