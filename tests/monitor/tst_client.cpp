// BrokerClient's connection keeping against a real daemon: it reconnects after a loss with
// doubling delays up to the maximum, starts again from the first delay once back, and gives up
// on a connection whose broker stops answering pings.

#include "MonitorTestSupport.h"

#include <QSignalSpy>
#include <QTcpServer>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace monitor_test;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestBrokerClient : public QObject
{
    Q_OBJECT

private slots:
    void reconnectsWithDoublingDelays();
    void dropsABrokerThatStopsAnswering();
    void closeStopsReconnecting();
};

void TestBrokerClient::reconnectsWithDoublingDelays()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"BIND_ADDR"_s, u"127.0.0.1:%1"_s.arg(freePort()));
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);

    BrokerClient client;
    client.setReconnectDelays(std::chrono::milliseconds(40), std::chrono::milliseconds(320));
    client.setUrl(daemon.wsUrl());
    client.setBearerToken(kAdminToken);
    QSignalSpy connected(&client, &BrokerClient::connected);
    QSignalSpy scheduled(&client, &BrokerClient::reconnectScheduled);
    client.open();
    QTRY_COMPARE(connected.size(), 1);

    daemon.stop();
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 6, 10000);
    // 40, 80, 160, 320, 320, ... each with up to a tenth more of random spread.
    const int expected[] = {40, 80, 160, 320, 320, 320};
    for (int i = 0; i < 6; ++i) {
        const int delay = scheduled[i][0].toInt();
        QVERIFY2(delay >= expected[i] && delay <= expected[i] * 11 / 10 + 1,
                 qPrintable(u"attempt %1 waited %2 ms"_s.arg(i + 1).arg(delay)));
        QCOMPARE(scheduled[i][1].toInt(), i + 1);
    }
    QCOMPARE(client.state(), BrokerClient::State::WaitingToReconnect);
    QVERIFY(!client.lastError().isEmpty());

    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10000);
    QVERIFY(client.isConnected());
    QVERIFY(client.lastError().isEmpty());

    // Back to the first delay after the next loss.
    scheduled.clear();
    daemon.stop();
    QTRY_VERIFY(!scheduled.isEmpty());
    QVERIFY(scheduled[0][0].toInt() <= 44);
}

void TestBrokerClient::dropsABrokerThatStopsAnswering()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);

    BrokerClient client;
    client.setPingInterval(std::chrono::milliseconds(100));
    client.setReconnectDelays(std::chrono::hours(1), std::chrono::hours(1));
    client.setUrl(daemon.wsUrl());
    client.setBearerToken(kAdminToken);
    QSignalSpy latency(&client, &BrokerClient::latencyMeasured);
    QSignalSpy disconnected(&client, &BrokerClient::disconnected);
    client.open();
    QTRY_VERIFY(latency.size() >= 2); // pongs come back
    QVERIFY(client.latency().has_value());

    // The broker freezes: the TCP connection stays up, the pongs stop.
    ::kill(pid_t(daemon.pid()), SIGSTOP);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 5000);
    ::kill(pid_t(daemon.pid()), SIGCONT);
    QCOMPARE(disconnected[0][0].toString(), u"the broker stopped answering"_s);
    QVERIFY(!client.latency().has_value());
}

void TestBrokerClient::closeStopsReconnecting()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);

    BrokerClient client;
    client.setReconnectDelays(std::chrono::milliseconds(20), std::chrono::milliseconds(20));
    client.setUrl(daemon.wsUrl());
    QSignalSpy connected(&client, &BrokerClient::connected);
    client.open();
    QTRY_COMPARE(connected.size(), 1);
    client.close();
    QCOMPARE(client.state(), BrokerClient::State::Disconnected);
    QCOMPARE(client.send(protocol::Heartbeat{u"x"_s}), QString()); // nothing to send on
    // Stays closed: the daemon sees the connection end and nobody comes back.
    QTRY_VERIFY(daemon.output().contains(u"connection 1 closed"_s));
    QVERIFY(!daemon.output().contains(u"connection 2 opened"_s));
    QCOMPARE(connected.size(), 1);
}

QTEST_GUILESS_MAIN(TestBrokerClient)
#include "tst_client.moc"
