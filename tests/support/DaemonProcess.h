#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTest>
#include <QUrl>

class QTemporaryDir;

// The real ddalab-broker binary as a child process on a free loopback port. start() waits for
// its "listening on" line and reads the port from it.
class DaemonProcess
{
public:
    DaemonProcess();
    ~DaemonProcess();

    // Settings as environment variables (DATABASE_URL, HEARTBEAT_TIMEOUT_SECONDS, ...).
    void setEnv(const QString &name, const QString &value);
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }

    // Starts and waits until the daemon listens; false (with the output in error) if it exits.
    bool start(QString *error = nullptr);
    // Points the daemon at a fresh database of the engine ("sqlite": a file in dir, which is
    // also DATA_DIR) and starts it; false with the reason, "no PostgreSQL configured" included.
    // databaseUrl, when given, receives the database's URL.
    bool startOnFreshDatabase(const QString &engine, const QTemporaryDir &dir, QString *error,
                              QString *databaseUrl = nullptr);
    // Points the daemon at a fresh database as startOnFreshDatabase does, without starting it
    // (for a command such as `user add` that must run first); false with the reason.
    bool useFreshDatabase(const QString &engine, const QTemporaryDir &dir, QString *error,
                          QString *databaseUrl = nullptr);
    // Sends SIGTERM and waits for the exit.
    void stop();
    // SIGKILL: nothing gets to finish.
    void kill();
    // Any signal (SIGHUP, SIGINT, ...); returns at once.
    void sendSignal(int signalNumber);
    // Waits until the daemon has exited; false on timeout. exitCode() is then its status, or
    // -1 when a signal ended it.
    bool waitForExit(int timeoutMs);
    int exitCode() const;
    // Runs the binary to completion (for settings that make it exit, and commands) with input
    // on its stdin; returns the exit code.
    int runToExit(QString *output, int timeoutMs = 10000, const QByteArray &input = {});

    quint16 port() const { return m_port; }
    QUrl wsUrl() const;
    QUrl httpUrl(const QString &path) const;
    // Everything the daemon printed so far.
    QString output();
    qint64 pid() const { return m_process.processId(); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }

private:
    QProcess m_process;
    QProcessEnvironment m_env;
    QStringList m_arguments;
    QString m_output;
    quint16 m_port = 0;
};

// Starts `daemon` on a fresh database of `engine` in `dir`, or fails the test (never skips).
#define START_DAEMON(daemon, engine, dir)                                                          \
    do {                                                                                           \
        QString startDaemonError;                                                                  \
        if (!(daemon).startOnFreshDatabase(engine, dir, &startDaemonError))                        \
            QFAIL(qPrintable(startDaemonError));                                                   \
    } while (false)
