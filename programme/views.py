from django.http import Http404
from django.shortcuts import render

from programme.models import Edition


def home(request):
    return render(request, "programme/home.html", {"current": Edition.objects.current()})


def week(request):
    raise Http404


def day(request, date):
    raise Http404


def session(request, slug):
    raise Http404


def speaker(request, slug):
    raise Http404
