#include "operations/UnixSignalWatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ddalab {

namespace {
// [0]: written by the handler, [1]: read by the notifier. A handler may touch nothing else.
int g_socketPair[2] = {-1, -1};
} // namespace

UnixSignalWatcher::UnixSignalWatcher(const QList<int> &signalNumbers, QObject *parent)
    : QObject(parent), m_signals(signalNumbers)
{
    Q_ASSERT(g_socketPair[0] < 0);
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_socketPair) != 0)
        qFatal("socketpair for signal handling failed: %s", std::strerror(errno));
    // A full pipe must not block the handler; a lost byte means the signal came many times.
    ::fcntl(g_socketPair[0], F_SETFL, ::fcntl(g_socketPair[0], F_GETFL) | O_NONBLOCK);
    ::fcntl(g_socketPair[1], F_SETFL, ::fcntl(g_socketPair[1], F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(g_socketPair[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::readPending);

    struct sigaction action = {};
    action.sa_handler = &UnixSignalWatcher::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : m_signals)
        ::sigaction(signalNumber, &action, nullptr);
}

UnixSignalWatcher::~UnixSignalWatcher()
{
    struct sigaction action = {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int signalNumber : m_signals)
        ::sigaction(signalNumber, &action, nullptr);
    delete m_notifier;
    ::close(g_socketPair[0]);
    ::close(g_socketPair[1]);
    g_socketPair[0] = g_socketPair[1] = -1;
}

void UnixSignalWatcher::handle(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t written = ::write(g_socketPair[0], &byte, 1);
    errno = savedErrno;
}

void UnixSignalWatcher::readPending()
{
    unsigned char bytes[64];
    ssize_t count;
    while ((count = ::read(g_socketPair[1], bytes, sizeof bytes)) > 0) {
        for (ssize_t i = 0; i < count; ++i)
            emit received(bytes[i]);
    }
}

} // namespace ddalab
