/*
 * A musl program serving the network on eth0: TCP echo on port 7777 for
 * CONNS connections one after the other (each until the peer closes),
 * then one UDP datagram echoed on port 7778, then exit 0. With BUSY, a
 * second thread spins on getppid() meanwhile for BUSY seconds: it must
 * not starve the server on the one CPU. With "pure", it spins without
 * any system call until the program ends: only preemption gets the
 * server the CPU.
 *
 * usage: netecho CONNS [BUSY [pure]]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int bound(int type, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int one = 1, s = socket(AF_INET, type, 0);

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("socket/bind");
		exit(2);
	}
	return s;
}

static void *spin(void *p)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 1000; i++)
			getppid();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < (long)p);
	return NULL;
}

static void *spin_pure(void *p)
{
	static volatile unsigned long count;

	(void)p;
	for (;;)
		count++;
	return NULL;
}

int main(int argc, char **argv)
{
	int conns = argc > 1 ? atoi(argv[1]) : 1;
	pthread_t busy;

	if (argc > 2 && pthread_create(&busy, NULL, argc > 3 ? spin_pure : spin,
				       (void *)atol(argv[2]))) {
		perror("pthread_create");
		return 2;
	}
	int l = bound(SOCK_STREAM, 7777), u = bound(SOCK_DGRAM, 7778);
	static char buf[65536];

	if (listen(l, 8)) {
		perror("listen");
		return 2;
	}
	printf("netecho: listening\n");
	fflush(stdout);
	for (int i = 0; i < conns; i++) {
		int c = accept(l, NULL, NULL);
		ssize_t n;

		if (c < 0) {
			perror("accept");
			return 3;
		}
		while ((n = read(c, buf, sizeof(buf))) > 0)
			for (ssize_t off = 0; off < n;) {
				ssize_t w = write(c, buf + off, n - off);
				if (w <= 0) {
					perror("write");
					return 4;
				}
				off += w;
			}
		close(c);
	}
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
	if (n < 0 || sendto(u, buf, n, 0, (struct sockaddr *)&from, fl) != n) {
		perror("udp echo");
		return 5;
	}
	printf("netecho: served %d connections and one datagram from %s\n",
	       conns, inet_ntoa(from.sin_addr));
	return 0;
}
