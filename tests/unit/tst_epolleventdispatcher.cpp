// The epoll event dispatcher under the application's own event loop: timers, socket
// notifiers, posted events from other threads, and QEventLoop::exit.
#include "eventloop/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void isTheApplicationsDispatcher();
    void singleShotTimerFiresOnceAfterItsInterval();
    void repeatingTimerKeepsFiringUntilStopped();
    void timerStoppedByAnotherTimerDoesNotFire();
    void readNotifierFiresWhileDataIsUnread();
    void disabledNotifierStaysQuiet();
    void eventPostedFromAnotherThreadWakesTheLoop();
    void exitLeavesALoopWaitingForever();
};

void tst_EpollEventDispatcher::isTheApplicationsDispatcher()
{
    QVERIFY(qobject_cast<ddalab::EpollEventDispatcher *>(QCoreApplication::eventDispatcher()));
}

void tst_EpollEventDispatcher::singleShotTimerFiresOnceAfterItsInterval()
{
    QElapsedTimer clock;
    clock.start();
    int fired = 0;
    qint64 firedAfter = 0;
    QTimer::singleShot(50, this, [&] {
        ++fired;
        firedAfter = clock.elapsed();
    });
    QTRY_COMPARE(fired, 1);
    QVERIFY2(firedAfter >= 50, qPrintable(u"fired after %1 ms"_s.arg(firedAfter)));
    QTest::qWait(120);
    QCOMPARE(fired, 1);
}

void tst_EpollEventDispatcher::repeatingTimerKeepsFiringUntilStopped()
{
    QTimer timer;
    timer.setInterval(10);
    QSignalSpy ticks(&timer, &QTimer::timeout);
    timer.start();
    QTRY_VERIFY(ticks.size() >= 5);
    timer.stop();
    const qsizetype afterStop = ticks.size();
    QTest::qWait(60);
    QCOMPARE(ticks.size(), afterStop);
}

void tst_EpollEventDispatcher::timerStoppedByAnotherTimerDoesNotFire()
{
    QTimer victim;
    victim.setSingleShot(true);
    QSignalSpy victimFired(&victim, &QTimer::timeout);
    QTimer killer;
    killer.setSingleShot(true);
    connect(&killer, &QTimer::timeout, &victim, &QTimer::stop);
    // Stopped before it is due, the victim must never fire.
    killer.start(20);
    victim.start(40);
    QSignalSpy killerFired(&killer, &QTimer::timeout);
    QTRY_COMPARE(killerFired.size(), 1);
    QTest::qWait(80);
    QCOMPARE(victimFired.size(), 0);
}

void tst_EpollEventDispatcher::readNotifierFiresWhileDataIsUnread()
{
    int fds[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
    QSignalSpy activated(&notifier, &QSocketNotifier::activated);
    QTest::qWait(20);
    QCOMPARE(activated.size(), 0);

    QCOMPARE(write(fds[1], "x", 1), 1);
    QTRY_VERIFY(activated.size() >= 1);
    // Level-triggered, as with poll(): unread data keeps reporting.
    const qsizetype before = activated.size();
    QTRY_VERIFY(activated.size() > before);
    char byte;
    QCOMPARE(read(fds[0], &byte, 1), 1);
    notifier.setEnabled(false);
    close(fds[0]);
    close(fds[1]);
}

void tst_EpollEventDispatcher::disabledNotifierStaysQuiet()
{
    int fds[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
    notifier.setEnabled(false);
    QSignalSpy activated(&notifier, &QSocketNotifier::activated);
    QCOMPARE(write(fds[1], "x", 1), 1);
    QTest::qWait(50);
    QCOMPARE(activated.size(), 0);
    notifier.setEnabled(true);
    QTRY_VERIFY(activated.size() >= 1);
    notifier.setEnabled(false);
    close(fds[0]);
    close(fds[1]);
}

void tst_EpollEventDispatcher::eventPostedFromAnotherThreadWakesTheLoop()
{
    bool delivered = false;
    QEventLoop loop;
    QThread *thread = QThread::create([this, &delivered, &loop] {
        QMetaObject::invokeMethod(
            this,
            [&] {
                delivered = true;
                loop.quit();
            },
            Qt::QueuedConnection);
    });
    QElapsedTimer clock;
    clock.start();
    // No timer would wake the loop: only the posted event can.
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    thread->start();
    loop.exec();
    thread->wait();
    delete thread;
    QVERIFY(delivered);
    QVERIFY2(clock.elapsed() < 2000, "the posted event did not wake the waiting loop");
}

void tst_EpollEventDispatcher::exitLeavesALoopWaitingForever()
{
    QEventLoop loop;
    QTimer::singleShot(20, &loop, [&loop] { loop.exit(7); });
    QCOMPARE(loop.exec(), 7);
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new ddalab::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    tst_EpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
